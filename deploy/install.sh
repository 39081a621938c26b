#!/usr/bin/env bash
# potion-runner installer for Ubuntu 24.04, Debian 12/13 and Raspberry Pi OS (12/13).
# Run once from the checkout, with sudo:
#
#   sudo deploy/install.sh             install or update (safe to run again: it says what changed)
#   sudo deploy/install.sh --dry-run   print every step and file it would write, change nothing
#   sudo deploy/install.sh --uninstall stop and remove units and rules; keep app, logs, backups, .env
#   sudo deploy/install.sh --only-sudoers   regenerate the sudoers rules after SERVICES_WHITELIST changed
#
# Testing and packaging:
#   --root DIR   write every file under DIR instead of / (no root needed); the system steps
#                (apt, Node.js, useradd, chown, systemctl, Redis checks) are skipped with a note
#   --no-build   copy the app but do not run npm ci / npm run build in it
#   --prebuilt   copy the checkout's own node_modules and dist (after npm ci && npm run build
#                in it) instead of running npm ci / npm run build in the app: no network needed
#   --user NAME  service user (default potion)
#
# Non-interactive installs take BOT_TOKEN and ADMIN_IDS from the environment:
#   sudo BOT_TOKEN=123:AA... ADMIN_IDS=12345678 deploy/install.sh
# The guide (Indonesian): docs/INSTALL.id.md
set -euo pipefail
umask 022

# --- options ------------------------------------------------------------------------------
DRY_RUN=0
ROOT=""
MODE=install
BUILD=1
PREBUILT=0
SVC_USER=potion
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --root) ROOT="${2:?--root needs a directory}"; shift ;;
    --root=*) ROOT="${1#--root=}" ;;
    --uninstall) MODE=uninstall ;;
    --only-sudoers) MODE=sudoers ;;
    --no-build) BUILD=0 ;;
    --prebuilt) PREBUILT=1 ;;
    --user) SVC_USER="${2:?--user needs a name}"; shift ;;
    -h | --help) sed -n '2,/^# The guide/p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
if [ -n "$ROOT" ]; then
  mkdir -p "$ROOT"
  ROOT=$(cd "$ROOT" && pwd)
fi

PREFIX=/opt/potion-runner
APP="$PREFIX/app"
ENV_FILE="$PREFIX/.env"
UNITS=(potion-runner.target potion-runner-worker.service potion-runner-bot.service potion-runner-dashboard.service)
APT_PKGS=(rsync lm-sensors smartmontools redis-server redis-tools git acl sudo logrotate ca-certificates)
# Only when Node.js comes from NodeSource (step 3).
NODESOURCE_PKGS=(curl gnupg)
NODE_MAJOR=22
# NodeSource's repository signing key (deb.nodesource.com/gpgkey/nodesource-repo.gpg.key).
NODESOURCE_FPR=6F71F525282841EEDAF851B42F59B5F99B1BE0B4

# --- output and bookkeeping ---------------------------------------------------------------
CHANGES=0
bold() { if [ -t 1 ]; then printf '\033[1m%s\033[0m\n' "$*"; else printf '%s\n' "$*"; fi; }
step() { bold "==> $*"; }
ok() { printf '    ok: %s\n' "$*"; }
note() { printf '    note: %s\n' "$*"; }
warn() { printf '    WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
changed() {
  CHANGES=$((CHANGES + 1))
  if [ "$DRY_RUN" = 1 ]; then printf '    would: %s\n' "$*"; else printf '    changed: %s\n' "$*"; fi
}
# A path on the target system (under --root when given).
r() { printf '%s%s' "$ROOT" "$1"; }
# System steps need the real machine and root.
system_steps() { [ -z "$ROOT" ]; }
# Runs a command that changes the system, or prints it in --dry-run.
act() {
  local what="$1"
  shift
  changed "$what"
  if [ "$DRY_RUN" = 1 ]; then printf '           $ %s\n' "$*"; return 0; fi
  "$@"
}

# Installs file $1 (a temp or repo file) at target path $2 with mode $3, owner $4 (user:group or "").
# Reports a change only when content, mode or owner differ.
put_file() {
  local src="$1" dest="$2" mode="$3" owner="${4:-}" target
  target=$(r "$dest")
  if [ -f "$target" ] && cmp -s "$src" "$target"; then
    local have_mode
    have_mode=$(stat -c '%a' "$target")
    if [ "$have_mode" != "$mode" ]; then act "chmod $mode $dest" chmod "$mode" "$target"; fi
    set_owner "$dest" "$owner"
    return 0
  fi
  if [ "$DRY_RUN" = 1 ]; then
    changed "write $dest (mode $mode${owner:+, owner $owner})"
    return 0
  fi
  mkdir -p "$(dirname "$target")"
  install -m "$mode" "$src" "$target"
  changed "wrote $dest (mode $mode${owner:+, owner $owner})"
  set_owner "$dest" "$owner"
}

set_owner() {
  local dest="$1" owner="$2" target
  [ -n "$owner" ] || return 0
  target=$(r "$dest")
  if ! system_steps; then return 0; fi
  if [ "$DRY_RUN" = 1 ] && ! id "${owner%%:*}" >/dev/null 2>&1; then return 0; fi
  if [ "$(stat -c '%U:%G' "$target" 2>/dev/null)" != "$owner" ]; then act "chown $owner $dest" chown "$owner" "$target"; fi
}

ensure_dir() {
  local dest="$1" mode="$2" owner="${3:-}" target
  target=$(r "$dest")
  if [ -L "$target" ]; then return 0; fi # a symlink to the HDD: its target is handled apart
  if [ ! -d "$target" ]; then
    act "create folder $dest (mode $mode)" mkdir -p -m "$mode" "$target"
  elif [ "$(stat -c '%a' "$target")" != "$mode" ]; then
    act "chmod $mode $dest" chmod "$mode" "$target"
  fi
  if [ -d "$target" ] || [ "$DRY_RUN" = 0 ]; then set_owner "$dest" "$owner"; fi
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- 1. where we are ----------------------------------------------------------------------
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Hints name the script by its absolute path: they are run from anywhere.
SELF="$REPO/deploy/install.sh"
step "Checking the checkout and the machine"
if [ ! -f "$REPO/package.json" ] || ! grep -q '"name": "potion-runner"' "$REPO/package.json" || [ ! -d "$REPO/deploy/systemd" ]; then
  die "run this script from the potion-runner checkout (git clone ...; cd potion-runner; sudo deploy/install.sh), not copied alone"
fi
ok "checkout: $REPO"
[ "$DRY_RUN" = 1 ] && note "dry run: nothing is changed; every 'would:' line is a step a real run takes"
if system_steps; then
  [ "$(id -u)" -eq 0 ] || [ "$DRY_RUN" = 1 ] || die "run it with sudo: sudo $SELF"
  # shellcheck disable=SC1091
  os_id=$(. /etc/os-release && echo "${ID:-?}") os_ver=$(. /etc/os-release && echo "${VERSION_ID:-?}")
  # Raspberry Pi OS says ID=raspbian (32-bit) or ID=debian (64-bit).
  case "$os_id $os_ver" in
    "ubuntu 24.04" | "debian 12" | "debian 13" | "raspbian 12" | "raspbian 13") ok "supported system: $os_id $os_ver" ;;
    *)
      [ "${POTION_ANY_OS:-0}" = 1 ] || die "this installer is for Ubuntu 24.04, Debian 12/13 and Raspberry Pi OS (found $os_id $os_ver). POTION_ANY_OS=1 tries anyway on a Debian-like system."
      warn "not a supported system ($os_id $os_ver): continuing because POTION_ANY_OS=1"
      ;;
  esac
else
  note "--root $ROOT: files go under it; apt, Node.js, useradd, chown, systemctl and Redis checks are skipped"
fi

# Reads KEY from the installed .env (empty when unset or no file).
env_value() {
  local f
  f=$(r "$ENV_FILE")
  [ -f "$f" ] || return 0
  sed -n "s/^$1=//p" "$f" | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'$/\1/"
}

# The mount unit of a path, as systemd-escape --path --suffix=mount names it
# (/mnt/potion-data -> mnt-potion\x2ddata.mount), without needing systemd-escape.
mount_unit_name() {
  local p="${1#/}" out="" i ch
  p="${p%/}"
  [ -n "$p" ] || { printf -- '-.mount'; return; }
  for ((i = 0; i < ${#p}; i++)); do
    ch="${p:i:1}"
    if [ "$ch" = / ]; then out+=-
    elif [[ "$ch" =~ [A-Za-z0-9:_] ]] || { [ "$ch" = . ] && [ "$i" -gt 0 ]; }; then out+="$ch"
    else out+=$(printf '\\x%02x' "'$ch"); fi
  done
  printf '%s.mount' "$out"
}

# The built CLI that renders the sudoers file: the installed app's, else the checkout's.
cli() {
  local js
  for js in "$(r "$APP")/apps/cli/dist/main.js" "$REPO/apps/cli/dist/main.js"; do
    if [ -f "$js" ]; then node "$js" "$@"; return; fi
  done
  die "no built CLI: run npm run build in $REPO first (or install without --no-build)"
}

install_sudoers() {
  step "Sudo rules: exactly what the worker may run as root (from SERVICES_WHITELIST)"
  local out="$TMP/sudoers"
  if [ ! -f "$(r "$ENV_FILE")" ]; then
    if [ "$DRY_RUN" = 1 ]; then changed "write /etc/sudoers.d/potion-runner (mode 440, checked with visudo -cf) once .env exists"; return 0; fi
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
  local units
  units=$(env_value SERVICES_WHITELIST)
  [ -n "$units" ] || note "SERVICES_WHITELIST is empty: the bot can show and control no service yet. Put unit names in $ENV_FILE, then: sudo $SELF --only-sudoers"
  put_file "$out" /etc/sudoers.d/potion-runner 440 root:root
}

# --- uninstall ----------------------------------------------------------------------------
if [ "$MODE" = uninstall ]; then
  step "Uninstalling: units, sudo rules and logrotate go; app, logs, backups, .env, Redis data stay"
  if system_steps && command -v systemctl >/dev/null 2>&1; then
    for u in "${UNITS[@]}"; do
      if systemctl is-enabled --quiet "$u" 2>/dev/null || systemctl is-active --quiet "$u" 2>/dev/null; then
        act "stop and disable $u" systemctl disable --now "$u"
      fi
    done
  fi
  for u in "${UNITS[@]}"; do
    if [ -e "$(r "/etc/systemd/system/$u")" ]; then act "remove /etc/systemd/system/$u" rm -f "$(r "/etc/systemd/system/$u")"; fi
  done
  for f in /etc/sudoers.d/potion-runner /etc/logrotate.d/potion-runner \
    /etc/systemd/system/potion-runner-worker.service.d/hdd-mount.conf \
    /etc/systemd/system/potion-runner-bot.service.d/hdd-mount.conf /etc/systemd/system/potion-runner-dashboard.service.d/hdd-mount.conf; do
    if [ -e "$(r "$f")" ]; then act "remove $f" rm -f "$(r "$f")"; fi
  done
  if system_steps && [ "$CHANGES" -gt 0 ] && command -v systemctl >/dev/null 2>&1; then act "systemctl daemon-reload" systemctl daemon-reload; fi
  note "kept: $PREFIX (app, logs, backups, .env), the user $SVC_USER, Node.js and the Redis settings"
  note "(Redis keeps AOF on: turning it off would reload an older snapshot and lose queued jobs)"
  if [ "$CHANGES" -eq 0 ]; then bold "Nothing to remove: potion-runner is not installed."
  elif [ "$DRY_RUN" = 1 ]; then bold "Dry run: uninstalling would take $CHANGES step(s). Run without --dry-run to do them."
  else bold "Uninstalled ($CHANGES steps)."; fi
  exit 0
fi

if [ "$MODE" = sudoers ]; then
  install_sudoers
  if [ "$CHANGES" -eq 0 ]; then bold "No changes: the sudo rules already match SERVICES_WHITELIST."; else bold "Sudo rules updated ($CHANGES change(s)). The worker uses them at once; no restart needed."; fi
  exit 0
fi

# --- 2. packages ----------------------------------------------------------------------------
step "System packages: ${APT_PKGS[*]}"
if system_steps; then
  missing=()
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    ok "all installed"
  else
    act "apt-get update" apt-get update -q
    act "install ${missing[*]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
  note "smartmontools is optional (disk health); lm-sensors: run 'sudo sensors-detect' once for temperatures"
else
  note "skipped under --root"
fi

# --- 3. Node.js -----------------------------------------------------------------------------
# In order: the installed /usr/bin/node when it is 20 or newer; the system's own nodejs when
# apt offers 20 or newer (Debian 13); else NodeSource (Ubuntu 24.04's own is 18, end of life):
# Node.js 22 LTS as a .deb signed with a key whose fingerprint is pinned above, so apt checks
# every package and `apt upgrade` keeps Node.js patched. See docs/decisions/004.
step "Node.js 20 or newer at /usr/bin/node (the units run it)"
node_major() { /usr/bin/node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
# The major version apt would install from the system's own repositories (Debian 13: 20).
distro_node_major() {
  apt-cache policy nodejs 2>/dev/null | sed -n 's/^ *Candidate: *\([0-9]*:\)\{0,1\}\([0-9][0-9]*\)\..*/\2/p' | head -n 1
}
if ! system_steps; then
  note "skipped under --root"
elif [ "$(node_major)" -ge 20 ]; then
  ok "Node.js $(/usr/bin/node --version) (already installed)"
elif [ "$(distro_node_major || true)" -ge 20 ] 2>/dev/null; then
  act "install nodejs $(distro_node_major) from the system's own repositories" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs
  [ "$DRY_RUN" = 1 ] || [ "$(node_major)" -ge 20 ] || die "Node.js at /usr/bin/node is still $(/usr/bin/node --version 2>/dev/null || echo missing)"
else
  key="$TMP/nodesource.asc"
  missing=()
  for p in "${NODESOURCE_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then act "install ${missing[*]} (to fetch NodeSource's key)" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; fi
  if [ "$DRY_RUN" = 1 ]; then
    changed "download NodeSource's key, check fingerprint $NODESOURCE_FPR, save /etc/apt/keyrings/nodesource.gpg"
    changed "write /etc/apt/sources.list.d/nodesource.list (deb [signed-by=...] https://deb.nodesource.com/node_$NODE_MAJOR.x nodistro main)"
    changed "apt-get update && apt-get install nodejs"
  else
    curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key -o "$key"
    got=$(gpg --show-keys --with-colons "$key" | awk -F: '$1 == "fpr" { print $10; exit }')
    [ "$got" = "$NODESOURCE_FPR" ] || die "NodeSource key fingerprint is $got, expected $NODESOURCE_FPR: not installing (someone may be tampering with the download)"
    install -d -m 755 /etc/apt/keyrings
    gpg --dearmor <"$key" >"$TMP/nodesource.gpg"
    put_file "$TMP/nodesource.gpg" /etc/apt/keyrings/nodesource.gpg 644
    echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_$NODE_MAJOR.x nodistro main" >"$TMP/nodesource.list"
    put_file "$TMP/nodesource.list" /etc/apt/sources.list.d/nodesource.list 644
    act "apt-get update" apt-get update -q
    act "install nodejs $NODE_MAJOR" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs
    [ "$(node_major)" -ge 20 ] || die "Node.js at /usr/bin/node is still $(/usr/bin/node --version 2>/dev/null || echo missing)"
  fi
fi

# --- 4. service user ------------------------------------------------------------------------
step "Service user '$SVC_USER' (no login, no password; owns logs, backups and .env)"
if ! system_steps; then
  note "skipped under --root (files are not chowned)"
else
  if id "$SVC_USER" >/dev/null 2>&1; then ok "user exists"; else
    act "create system user $SVC_USER" useradd --system --user-group --home-dir "$PREFIX" --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
  fi
  # systemd-journal: read every unit's journal without sudo (the Logs menu).
  if id -nG "$SVC_USER" 2>/dev/null | tr ' ' '\n' | grep -qx systemd-journal; then ok "in group systemd-journal"; else
    act "add $SVC_USER to systemd-journal (read logs without sudo)" usermod -aG systemd-journal "$SVC_USER"
  fi
fi
OWN="$SVC_USER:$SVC_USER"

# --- 5. folders (PRD section 4) -------------------------------------------------------------
HDD_MOUNT=$(env_value HDD_MOUNT)
HDD_MOUNT=${HDD_MOUNT:-/mnt/potion-data}
hdd_mounted() {
  if [ -n "${POTION_ASSUME_HDD_MOUNTED:-}" ]; then [ "$POTION_ASSUME_HDD_MOUNTED" = 1 ]; return; fi
  command -v mountpoint >/dev/null 2>&1 && mountpoint -q "$(r "$HDD_MOUNT")"
}
step "Folders under $PREFIX"
# DATA_DIR: the worker keeps its Redis marker and power marker here (PRD step 4: the
# service user owns /opt/potion-runner). 750: other users cannot even list it.
ensure_dir "$PREFIX" 750 "$OWN"
ensure_dir "$APP" 750 "$OWN"
# logs and backups: on the HDD when it is mounted (PRD step 5), else on the SSD.
place_on_hdd() {
  local name="$1" local_dir="$PREFIX/$1" hdd_dir="$HDD_MOUNT/potion-runner-$1"
  ensure_dir "$hdd_dir" 750 "$OWN"
  if [ -L "$(r "$local_dir")" ]; then
    if [ "$(readlink "$(r "$local_dir")")" = "$hdd_dir" ]; then ok "$local_dir -> $hdd_dir"; return 0; fi
    act "point $local_dir at $hdd_dir" ln -sfn "$hdd_dir" "$(r "$local_dir")"
    return 0
  fi
  if [ -d "$(r "$local_dir")" ]; then
    # Keep what is there: copy it onto the HDD first, then replace the folder by the link.
    act "move the existing $name onto the HDD ($local_dir/ -> $hdd_dir/)" cp -a "$(r "$local_dir")/." "$(r "$hdd_dir")/"
    act "remove the SSD copy $local_dir" rm -rf "$(r "$local_dir")"
  fi
  act "link $local_dir -> $hdd_dir" ln -s "$hdd_dir" "$(r "$local_dir")"
}
if hdd_mounted; then
  ok "HDD mounted at $HDD_MOUNT: logs and backups go there"
  place_on_hdd logs
  place_on_hdd backups
  backups_dir="$HDD_MOUNT/potion-runner-backups"
else
  note "HDD not mounted at $HDD_MOUNT: logs and backups stay on the SSD. Later: sudo deploy/hdd-setup.sh, then this script again moves them."
  ensure_dir "$PREFIX/logs" 750 "$OWN"
  ensure_dir "$PREFIX/backups" 750 "$OWN"
  backups_dir="$PREFIX/backups"
fi
# Created at the link's target (under --root an absolute link points outside DIR).
ensure_dir "$backups_dir/manifests" 750 "$OWN"
ensure_dir "$backups_dir/snapshots" 750 "$OWN"

# --- 6. the app -----------------------------------------------------------------------------
step "App: copy the checkout to $APP and build it"
# The app belongs to the service user, as in PRD step 4: a restore from a backup
# (backup.restore, run by the worker without sudo) writes it back. Who owns the copy and its
# modes are set by rsync itself (--chown, --chmod) as each file is written: no moment where
# a file is root's and unreadable to the service, no chown -R, and a second run finds the
# owner already right ("nothing to change"), where -a alone would copy the checkout's owner.
APP_OWNER="$OWN"
# Only what the app needs: the files the tests or npm start wrote into the checkout
# (test-artifacts/, .potion/, logs, bench results) stay out. Each line is a top-level entry.
APP_TOP=(package.json package-lock.json tsconfig.json tsconfig.base.json turbo.json .env.example README.md LICENSE
  apps libs deploy docs scripts test bench)
rsync_filter="$TMP/app.filter"
{
  for e in "${APP_TOP[@]}"; do printf '+ /%s\n' "$e"; done
  # --prebuilt: the checkout's own install and build, tests and benches left out (the app never runs them).
  if [ "$PREBUILT" = 1 ]; then printf '%s\n' '+ /node_modules/'; fi
  printf '%s\n' '- /*' '- .git' '- .turbo/' '- *.tsbuildinfo' '- *.log' '- test-artifacts/' '- /bench/results/'
  if [ "$PREBUILT" = 1 ]; then
    printf '%s\n' '- /test/dist/' '- /bench/dist/'
  else
    printf '%s\n' '- node_modules/' '- dist/'
  fi
} >"$rsync_filter"
rsync_opts=(-rlpt --omit-dir-times --delete --itemize-changes '--chmod=D750,Fg-w,Fo-rwx' "--filter=merge $rsync_filter")
if system_steps && id "$SVC_USER" >/dev/null 2>&1; then rsync_opts+=(-og "--chown=$APP_OWNER"); fi
if [ "$PREBUILT" = 1 ]; then
  for f in node_modules/.package-lock.json apps/worker/dist/main.js apps/bot/dist/main.js apps/dashboard/dist/main.js apps/cli/dist/main.js; do
    [ -f "$REPO/$f" ] || die "--prebuilt: $REPO/$f is missing: run npm ci && npm run build in the checkout first"
  done
fi
app_changes=$(rsync "${rsync_opts[@]}" --dry-run "$REPO/" "$(r "$APP")/" 2>/dev/null | grep -c . || true)
if [ "$app_changes" -gt 0 ] || [ ! -d "$(r "$APP")/libs" ]; then
  act "copy the checkout into $APP ($app_changes files differ)" rsync "${rsync_opts[@]}" --quiet "$REPO/" "$(r "$APP")/"
else
  ok "app files up to date"
fi
if [ "$BUILD" = 0 ]; then
  note "--no-build: npm ci and npm run build skipped"
elif [ "$PREBUILT" = 1 ]; then
  ok "--prebuilt: node_modules and dist come from the checkout's own build"
elif [ "$app_changes" -gt 0 ] || [ ! -f "$(r "$APP")/apps/worker/dist/main.js" ]; then
  act "npm ci (from package-lock.json)" sh -c "cd '$(r "$APP")' && npm ci --no-audit --no-fund --loglevel=error"
  act "npm run build" sh -c "cd '$(r "$APP")' && npm run build --silent"
  # npm wrote node_modules and dist as root (readable: umask 022); hand them to the owner.
  if system_steps && [ "$DRY_RUN" = 0 ]; then chown -R "$APP_OWNER" "$(r "$APP")"; fi
else
  ok "app already built"
fi

# --- 7. .env --------------------------------------------------------------------------------
step "Settings: $ENV_FILE (mode 600, owner $SVC_USER)"
# Sets KEY=value in file $1, replacing "KEY=..." or "#KEY=..." or appending.
set_env_var() {
  local file="$1" key="$2" value="$3"
  if grep -qE "^#?$key=" "$file"; then
    awk -v k="$key" -v v="$value" 'BEGIN { done = 0 } { if (!done && ($0 ~ "^" k "=" || $0 ~ "^#" k "=")) { print k "=\"" v "\""; done = 1 } else print }' "$file" >"$file.tmp" && mv "$file.tmp" "$file"
  else
    printf '%s="%s"\n' "$key" "$value" >>"$file"
  fi
}
new_password() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 || true; }
if [ -f "$(r "$ENV_FILE")" ]; then
  ok ".env exists (values kept; edit it with: sudo -u $SVC_USER nano $ENV_FILE)"
  if [ -z "$(env_value DASHBOARD_PASSWORD)" ] && [ ! -f "$(r "$PREFIX/dashboard-password")" ]; then
    if [ "$DRY_RUN" = 1 ]; then changed "add a generated DASHBOARD_PASSWORD to $ENV_FILE"; else
      printf '\n# Generated by deploy/install.sh: the dashboard cannot store one itself under systemd.\nDASHBOARD_PASSWORD="%s"\n' "$(new_password)" >>"$(r "$ENV_FILE")"
      changed "added a generated DASHBOARD_PASSWORD to $ENV_FILE"
    fi
  fi
  [ "$(stat -c '%a' "$(r "$ENV_FILE")")" = 600 ] || act "chmod 600 $ENV_FILE (it holds the bot token)" chmod 600 "$(r "$ENV_FILE")"
  set_owner "$ENV_FILE" "$OWN"
else
  new_env="$TMP/env"
  cp "$REPO/.env.example" "$new_env"
  set_env_var "$new_env" DATA_DIR "$PREFIX"
  set_env_var "$new_env" LOG_DIR "$PREFIX/logs"
  set_env_var "$new_env" BACKUP_DIR "$PREFIX/backups"
  set_env_var "$new_env" HDD_MOUNT "$HDD_MOUNT"
  set_env_var "$new_env" REDIS_URL "redis://127.0.0.1:6379"
  # The dashboard runs with a read-only /opt (ProtectSystem=strict): it cannot store a
  # password it generates itself, so the installer makes one.
  set_env_var "$new_env" DASHBOARD_PASSWORD "$(new_password)"
  token="${BOT_TOKEN:-}" admins="${ADMIN_IDS:-}"
  if [ -t 0 ] && [ "$DRY_RUN" = 0 ]; then
    if [ -z "$token" ]; then
      printf '    Bot token from @BotFather (looks like 123456789:AA...; empty = fill in later): '
      read -r token
    fi
    if [ -z "$admins" ]; then
      printf '    Your numeric Telegram id (from @userinfobot; several: comma-separated): '
      read -r admins
    fi
  fi
  if [ -n "$token" ]; then
    [[ "$token" =~ ^[0-9]{5,16}:[A-Za-z0-9_-]{30,}$ ]] || die "that does not look like a bot token (digits, a colon, then about 35 letters): nothing written"
    set_env_var "$new_env" BOT_TOKEN "$token"
  fi
  if [ -n "$admins" ]; then
    [[ "$admins" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "ADMIN_IDS must be numbers separated by commas (e.g. 12345678,87654321): nothing written"
    set_env_var "$new_env" ADMIN_IDS "$admins"
  fi
  put_file "$new_env" "$ENV_FILE" 600 "$OWN"
  if [ "$DRY_RUN" = 1 ] && [ -z "$token" ]; then
    note "a real run asks for your bot token and Telegram id here (or takes BOT_TOKEN and ADMIN_IDS from the environment)"
  elif [ -z "$token" ]; then note "BOT_TOKEN is empty: the bot will not start until you put it in $ENV_FILE (see docs/INSTALL.id.md)"
  fi
fi

# --- 8. Redis -------------------------------------------------------------------------------
step "Redis: localhost only, AOF on (appendfsync always), noeviction, maxmemory 256mb"
redis_changed=0
before=$CHANGES
put_file "$REPO/deploy/redis/potion-runner.conf" /etc/redis/potion-runner.conf 644
redis_conf=$(r /etc/redis/redis.conf)
include_line="include /etc/redis/potion-runner.conf"
if [ -f "$redis_conf" ]; then
  if grep -qxF "$include_line" "$redis_conf"; then ok "redis.conf includes potion-runner.conf"; else
    act "append '$include_line' to /etc/redis/redis.conf" sh -c "printf '\n# potion-runner (deploy/install.sh): keep this line last so its values win.\n%s\n' '$include_line' >>'$redis_conf'"
  fi
else
  note "no /etc/redis/redis.conf here (redis-server not installed${ROOT:+ under --root}): include line not added"
fi
[ "$CHANGES" -gt "$before" ] && redis_changed=1
if system_steps; then
  if [ "$redis_changed" = 1 ]; then act "restart redis-server (new settings)" systemctl restart redis-server.service; fi
  if ! systemctl is-enabled --quiet redis-server.service 2>/dev/null; then act "enable redis-server at boot" systemctl enable redis-server.service; fi
  if [ "$DRY_RUN" = 1 ]; then
    note "a real run checks here that Redis answers PONG on 127.0.0.1:6379 with maxmemory-policy noeviction"
  else
    for _ in $(seq 1 50); do [ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = PONG ] && break; sleep 0.2; done
    [ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = PONG ] || die "Redis does not answer on 127.0.0.1:6379: sudo systemctl status redis-server; sudo journalctl -u redis-server -n 50"
    policy=$(redis-cli -h 127.0.0.1 config get maxmemory-policy | tail -n 1)
    [ "$policy" = noeviction ] || die "Redis maxmemory-policy is $policy, expected noeviction: check the include line at the end of /etc/redis/redis.conf"
    ok "Redis answers PONG, maxmemory-policy noeviction, appendonly $(redis-cli -h 127.0.0.1 config get appendonly | tail -n 1)"
  fi
fi

# --- 9. sudo rules --------------------------------------------------------------------------
install_sudoers

# --- 10. logrotate --------------------------------------------------------------------------
step "logrotate: runtime.log 10 x 10 MB, actions.log 90 days"
put_file "$REPO/deploy/logrotate/potion-runner" /etc/logrotate.d/potion-runner 644 root:root
if system_steps && [ "$DRY_RUN" = 0 ] && command -v logrotate >/dev/null 2>&1; then
  logrotate -d -s "$TMP/logrotate.state" /etc/logrotate.d/potion-runner >/dev/null 2>&1 || die "logrotate rejects /etc/logrotate.d/potion-runner: logrotate -d /etc/logrotate.d/potion-runner"
  ok "logrotate -d accepts it"
fi

# --- 11. systemd ----------------------------------------------------------------------------
step "systemd units: ${UNITS[*]}"
before=$CHANGES
for u in "${UNITS[@]}"; do put_file "$REPO/deploy/systemd/$u" "/etc/systemd/system/$u" 644 root:root; done
# Each process unit gets a drop-in for the HDD (HDD_MOUNT): ordered after its mount unit, so
# at boot a nofail HDD in fstab is mounted (or has failed) before the services start and the
# logs link is never dangling. After= only, not RequiresMountsFor=: a missing HDD must not keep
# the bot from starting and telling the user so. The units name /mnt/potion-data for the
# locked-down bot and dashboard; another HDD_MOUNT also gets the folder they may write logs to.
hdd_mount_unit="$(mount_unit_name "$HDD_MOUNT")"
for u in potion-runner-worker.service potion-runner-bot.service potion-runner-dashboard.service; do
  dropin="/etc/systemd/system/$u.d/hdd-mount.conf"
  printf '# deploy/install.sh: HDD_MOUNT=%s\n[Unit]\nAfter=%s\n' "$HDD_MOUNT" "$hdd_mount_unit" >"$TMP/hdd-mount.conf"
  if [ "$u" != potion-runner-worker.service ] && [ "$HDD_MOUNT" != /mnt/potion-data ]; then
    printf '[Service]\nReadWritePaths=-%s/potion-runner-logs\n' "$HDD_MOUNT" >>"$TMP/hdd-mount.conf"
  fi
  put_file "$TMP/hdd-mount.conf" "$dropin" 644 root:root
done
units_changed=0
[ "$CHANGES" -gt "$before" ] && units_changed=1
if system_steps; then
  if [ "$units_changed" = 1 ]; then act "systemctl daemon-reload" systemctl daemon-reload; fi
  for u in "${UNITS[@]}"; do
    systemctl is-enabled --quiet "$u" 2>/dev/null || act "enable $u at boot" systemctl enable "$u"
  done
  if [ "$CHANGES" -gt 0 ]; then
    act "start (or restart) potion-runner.target" systemctl restart potion-runner.target
  elif ! systemctl is-active --quiet potion-runner.target; then
    act "start potion-runner.target" systemctl start potion-runner.target
  fi
else
  note "systemctl skipped under --root"
fi

# --- done -----------------------------------------------------------------------------------
echo
if [ "$CHANGES" -eq 0 ]; then
  bold "Nothing to change: potion-runner is installed and up to date."
elif [ "$DRY_RUN" = 1 ]; then
  bold "Dry run: $CHANGES step(s) would change something. Run without --dry-run to do them."
else
  bold "Done: $CHANGES change(s)."
fi
cat <<EOF
Check it:   systemctl status potion-runner.target
Live log:   journalctl -u potion-runner-worker -f     (or: tail -f $PREFIX/logs/runtime.log)
Problems:   sudo node $APP/apps/cli/dist/main.js doctor
Dashboard:  http://127.0.0.1:7070 (password: sudo grep DASHBOARD_PASSWORD $ENV_FILE)
Then send /start to your bot in Telegram.
EOF
