# shellcheck shell=bash
# Sourced by deploy/install.sh: the sudo rules (/etc/sudoers.d/potion-runner). Root only runs
# code that root owns: the rules are rendered by the checkout's CLI (install.sh runs from that
# checkout anyway), else by the app's only when nothing in the app tree is the service user's.
# A change to rules already installed is shown as a diff and installed only after a yes
# (or --yes when nobody can be asked).

SUDOERS_FILE=/etc/sudoers.d/potion-runner

cli() {
  local js="$REPO/apps/cli/dist/main.js" bad
  if [ -f "$js" ]; then
    if system_steps && [ "$(stat -c %U "$js")" = "$SVC_USER" ]; then
      die "$js belongs to $SVC_USER: root does not run code the service user can change. Use a checkout root or your own user owns."
    fi
    node "$js" "$@"
    return
  fi
  js="$(r "$APP")/apps/cli/dist/main.js"
  [ -f "$js" ] || die "no built CLI: run npm run build in $REPO first (or install without --no-build)"
  bad=$(app_tree_writable_entry)
  [ -z "$bad" ] || die "not running $APP/apps/cli/dist/main.js as root: $bad could have been changed by $SVC_USER (not root's, or writable by others). Run the full install first: sudo $SELF"
  node "$js" "$@"
}

SUDOERS_REFUSED=""

# Shows how the rules change; succeeds when they may be installed. A refusal is fatal with
# --only-sudoers; in a full install the old rules stay, the other steps still run (the units
# restart with the new Redis password) and the script ends with the refusal (exit 1).
confirm_sudoers_change() {
  local have="$1" new="$2" again answer why
  bold "    The sudo rules change (what $SVC_USER may run as root):"
  diff -u --label "installed $SUDOERS_FILE" --label "new" "$have" "$new" | sed 's/^/    /' || true
  [ "$DRY_RUN" = 1 ] && return 0
  if [ "$YES" = 1 ]; then note "--yes: installing the new rules"; return 0; fi
  again="sudo $SELF --yes"
  if [ "$MODE" = sudoers ]; then again="sudo $SELF --only-sudoers --yes"; fi
  if [ -t 0 ]; then
    printf '    Install these sudo rules? [y/N] '
    read -r answer || answer=""
    case "$answer" in y | Y | yes | ya | Ya) return 0 ;; esac
    why="sudo rules not changed: $SUDOERS_FILE stays as it was (to install them later: $again)"
  else
    why="the sudo rules would change (see above) and nobody can confirm here: check the lines, then run: $again"
  fi
  [ "$MODE" = sudoers ] && die "$why"
  warn "$why"
  SUDOERS_REFUSED="$why"
  return 1
}

# Called last by a full install: a refused change of the rules ends it with exit 1.
sudoers_refusal_exit() {
  [ -z "$SUDOERS_REFUSED" ] || die "$SUDOERS_REFUSED"
}

install_sudoers() {
  step "Sudo rules: exactly what the worker may run as root (from SERVICES_WHITELIST)"
  local out="$TMP/sudoers" have
  if [ ! -f "$(r "$ENV_FILE")" ]; then
    if [ "$DRY_RUN" = 1 ]; then changed "write $SUDOERS_FILE (mode 440, checked with visudo -cf) once .env exists"; return 0; fi
    die "$ENV_FILE is missing: run the full install first"
  fi
  ENV_FILE="$(r "$ENV_FILE")" cli sudoers --user "$SVC_USER" --env-path "$(r "$ENV_FILE")" >"$out"
  if command -v visudo >/dev/null 2>&1; then
    visudo -cqf "$out" >/dev/null || die "the generated sudoers file does not pass visudo -cf (kept nothing): $(visudo -cf "$out" 2>&1)"
    ok "visudo -cf: the rules parse"
  elif system_steps; then
    die "visudo is missing (apt-get install sudo)"
  else
    note "visudo not found: the rules are not validated under --root"
  fi
  [ -n "$(env_value SERVICES_WHITELIST)" ] || note "SERVICES_WHITELIST is empty: the bot can show and control no service yet. Put unit names in $ENV_FILE, then: sudo $SELF --only-sudoers"
  have=$(r "$SUDOERS_FILE")
  if [ -f "$have" ] && ! cmp -s "$out" "$have"; then confirm_sudoers_change "$have" "$out" || return 0; fi
  put_file "$out" "$SUDOERS_FILE" 440 root:root
}
