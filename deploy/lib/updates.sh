# shellcheck shell=bash
# Sourced by deploy/install.sh: automatic security updates (PRD section 11) with Debian's
# unattended-upgrades. An existing apt configuration is never changed: only when nothing
# configures APT::Periodic::Unattended-Upgrade and 20auto-upgrades does not exist is it written.

AUTO_UPGRADES=/etc/apt/apt.conf.d/20auto-upgrades
# What `dpkg-reconfigure -plow unattended-upgrades` writes when the answer is yes.
AUTO_UPGRADES_TEXT='APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";'

# Sets UU_VALUE and UU_FILE: the last APT::Periodic::Unattended-Upgrade value in the apt
# configuration (apt reads apt.conf.d/* in order, then apt.conf) and the file that set it.
unattended_setting() {
  local f v
  UU_VALUE="" UU_FILE=""
  for f in "$(r /etc/apt/apt.conf.d)"/* "$(r /etc/apt/apt.conf)"; do
    [ -f "$f" ] || continue
    v=$(sed -n 's/^[[:space:]]*APT::Periodic::Unattended-Upgrade[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | tail -n 1)
    if [ -n "$v" ]; then UU_VALUE="$v" UU_FILE="${f#"$ROOT"}"; fi
  done
}

# Installs the package when missing. Without a network (or a package source) it says so
# and the install goes on: the rest of potion-runner does not need it.
install_unattended_upgrades() {
  if dpkg-query -W -f='${Status}' unattended-upgrades 2>/dev/null | grep -q 'install ok installed'; then
    ok "unattended-upgrades installed"
    return 0
  fi
  if [ "$DRY_RUN" = 1 ]; then changed "install unattended-upgrades"; return 0; fi
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q unattended-upgrades)
  if "${apt[@]}" >"$TMP/uu.log" 2>&1 || { apt-get update -q >>"$TMP/uu.log" 2>&1 && "${apt[@]}" >>"$TMP/uu.log" 2>&1; }; then
    changed "installed unattended-upgrades"
    return 0
  fi
  warn "unattended-upgrades could not be installed (no network or no package source?); apt said: $(grep -E '^(E|W):' "$TMP/uu.log" | tail -n 2 | tr '\n' ' ')"
  warn "security updates are NOT automatic. When the server is online: sudo apt-get install unattended-upgrades, then sudo $SELF again"
  return 1
}

security_updates() {
  step "Security updates: unattended-upgrades (PRD section 11)"
  if system_steps && ! install_unattended_upgrades; then return 0; fi
  system_steps || note "--root: the package is not installed; only $AUTO_UPGRADES is checked"
  unattended_setting
  if [ -n "$UU_FILE" ]; then
    if [ "$UU_VALUE" != 0 ]; then ok "automatic security updates are on: $UU_FILE sets APT::Periodic::Unattended-Upgrade \"$UU_VALUE\" (left as it is)"
    else
      warn "$UU_FILE turns automatic security updates off (APT::Periodic::Unattended-Upgrade \"0\"): left as you set it. To turn them on: sudo dpkg-reconfigure -plow unattended-upgrades"
    fi
  elif [ -e "$(r "$AUTO_UPGRADES")" ]; then
    warn "$AUTO_UPGRADES exists but does not turn on unattended upgrades: left as it is. To turn them on: sudo dpkg-reconfigure -plow unattended-upgrades"
  else
    printf '%s\n' "$AUTO_UPGRADES_TEXT" >"$TMP/20auto-upgrades"
    put_file "$TMP/20auto-upgrades" "$AUTO_UPGRADES" 644 root:root
    note "security updates now install by themselves every day (apt-daily-upgrade.timer); a reboot they need is never done by itself"
  fi
}
