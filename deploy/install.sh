#!/usr/bin/env bash
# potion-runner installer for Ubuntu 24.04, Debian 12/13 and Raspberry Pi OS (12/13).
# Run once from the checkout, with sudo:
#
#   sudo deploy/install.sh             install or update (safe to run again: it says what changed)
#   sudo deploy/install.sh --dry-run   print every step and file it would write, change nothing
#   sudo deploy/install.sh --uninstall stop and remove units and rules; keep app, logs, backups, .env
#   sudo deploy/install.sh --only-sudoers   regenerate the sudoers rules after SERVICES_WHITELIST changed
#   --yes        install changed sudo rules without asking (they are shown first; without a
#                terminal to ask on, changed rules are refused unless --yes is given)
#   --docker     let the service user use Docker (group docker) for the 🐳 containers of
#                DOCKER_WHITELIST. Opt-in: the docker group is root-equivalent (docs/SECURITY.md)
#
# More than one machine (docs/decisions/043, docs/MULTI-HOST.id.md):
#   sudo deploy/install.sh --redis-bind 100.x.y.z   on the main machine: Redis also listens on
#                this Tailscale address (another address only with TLS set up first)
#   sudo deploy/install.sh --join      on another machine: the worker only, against the main
#                machine's Redis; asks for the join secret of `sudo potion hosts add <name>`
#   --join-secret LINE, --redis ADDR   the same without asking (scripted installs)
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
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
umask 022

# --- options ------------------------------------------------------------------------------
DRY_RUN=0
ROOT=""
MODE=install
BUILD=1
PREBUILT=0
SVC_USER=potion
YES=0
DOCKER_ACCESS=0
JOIN_SECRET=""
JOIN_REDIS=""
REDIS_BIND=""
REDIS_BIND_GIVEN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --root) ROOT="${2:?--root needs a directory}"; shift ;;
    --root=*) ROOT="${1#--root=}" ;;
    --uninstall) MODE=uninstall ;;
    --only-sudoers) MODE=sudoers ;;
    --no-build) BUILD=0 ;;
    --prebuilt) PREBUILT=1 ;;
    --yes) YES=1 ;;
    --docker) DOCKER_ACCESS=1 ;;
    --join) MODE='join' ;;
    --join-secret) JOIN_SECRET="${2:?--join-secret needs the line from potion hosts add}"; shift ;;
    --redis) JOIN_REDIS="${2:?--redis needs an address}"; shift ;;
    --redis-bind) REDIS_BIND="${2:?--redis-bind needs an address}"; REDIS_BIND_GIVEN=1; shift ;;
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
UNITS=(potion-runner.service potion-runner-worker.service potion-runner-bot.service potion-runner-dashboard.service)
# htop and sysstat (sar, iostat): for looking at the server by hand (PRD section 5).
APT_PKGS=(rsync sqlite3 lm-sensors smartmontools redis-server redis-tools git acl sudo logrotate ca-certificates htop sysstat rclone)
# Only when Node.js comes from NodeSource (step 3).
NODESOURCE_PKGS=(curl gnupg)
NODE_MAJOR=22
# NodeSource's repository signing key (deb.nodesource.com/gpgkey/nodesource-repo.gpg.key).
NODESOURCE_FPR=6F71F525282841EEDAF851B42F59B5F99B1BE0B4

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- 1. where we are ----------------------------------------------------------------------
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Hints name the script by its absolute path: they are run from anywhere.
SELF="$REPO/deploy/install.sh"
if [ ! -f "$REPO/package.json" ] || ! grep -q '"name": "potion-runner"' "$REPO/package.json" || [ ! -d "$REPO/deploy/systemd" ] || [ ! -d "$REPO/deploy/lib" ]; then
  echo "ERROR: run this script from the potion-runner checkout (git clone ...; cd potion-runner; sudo deploy/install.sh), not copied alone" >&2
  exit 1
fi
# shellcheck source=lib/common.sh
. "$REPO/deploy/lib/common.sh"
# shellcheck source=lib/layout.sh
. "$REPO/deploy/lib/layout.sh"
# shellcheck source=lib/redis.sh
. "$REPO/deploy/lib/redis.sh"
# shellcheck source=lib/sudoers.sh
. "$REPO/deploy/lib/sudoers.sh"
# shellcheck source=lib/units.sh
. "$REPO/deploy/lib/units.sh"
# shellcheck source=lib/updates.sh
. "$REPO/deploy/lib/updates.sh"
# shellcheck source=lib/selfupdate.sh
. "$REPO/deploy/lib/selfupdate.sh"
# shellcheck source=lib/redis-bind.sh
. "$REPO/deploy/lib/redis-bind.sh"
# shellcheck source=lib/join.sh
. "$REPO/deploy/lib/join.sh"
step "Checking the checkout and the machine"
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
# Refusals come before any change: a bad join secret or a clear-text Redis address.
JOIN_READY=0
if [ "$MODE" = join ]; then
  [ "$REDIS_BIND_GIVEN" = 0 ] || die "--redis-bind is for the main machine; a joined host has no Redis of its own"
  step "Join: the worker only, against the main machine's Redis"
  if read_join_secret; then JOIN_READY=1; fi
  # No Redis server here: the main machine's is used.
  join_pkgs=()
  for p in "${APT_PKGS[@]}"; do [ "$p" = redis-server ] || join_pkgs+=("$p"); done
  APT_PKGS=("${join_pkgs[@]}")
elif [ "$MODE" = install ]; then
  [ "$REDIS_BIND_GIVEN" = 1 ] || REDIS_BIND=$(installed_redis_bind)
  render_redis_conf "$REDIS_BIND" "$TMP/potion-runner.conf"
fi

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

# --- uninstall ----------------------------------------------------------------------------
if [ "$MODE" = uninstall ]; then
  step "Uninstalling: units, sudo rules and logrotate go; app, logs, backups, .env, Redis data stay"
  if system_steps && command -v systemctl >/dev/null 2>&1; then
    for u in "${UNITS[@]}" "$OLD_TARGET"; do
      if systemctl is-enabled --quiet "$u" 2>/dev/null || systemctl is-active --quiet "$u" 2>/dev/null; then
        act "stop and disable $u" systemctl disable --now "$u"
      fi
    done
  fi
  for u in "${UNITS[@]}" "$OLD_TARGET"; do
    if [ -e "$(r "/etc/systemd/system/$u")" ]; then act "remove /etc/systemd/system/$u" rm -f "$(r "/etc/systemd/system/$u")"; fi
  done
  for f in /etc/sudoers.d/potion-runner /etc/logrotate.d/potion-runner /etc/systemd/system/potion-runner-selfupdate.service \
    /etc/systemd/system/potion-runner-worker.service.d/hdd-mount.conf \
    /etc/systemd/system/potion-runner-bot.service.d/hdd-mount.conf /etc/systemd/system/potion-runner-dashboard.service.d/hdd-mount.conf; do
    if [ -e "$(r "$f")" ]; then act "remove $f" rm -f "$(r "$f")"; fi
  done
  if system_steps && [ "$CHANGES" -gt 0 ] && command -v systemctl >/dev/null 2>&1; then act "systemctl daemon-reload" systemctl daemon-reload; fi
  note "kept: $PREFIX (app, data, logs, backups, .env), the user $SVC_USER, Node.js, the Redis settings (with its ACL file) and the automatic security updates"
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
security_updates

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
step "Service user '$SVC_USER' (no login, no password; owns data, logs, backups and .env, never the code)"
if ! system_steps; then
  note "skipped under --root (files are not chowned)"
else
  if id "$SVC_USER" >/dev/null 2>&1; then ok "user exists"; else
    act "create system user $SVC_USER" useradd --system --user-group --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
  fi
  # systemd-journal: read every unit's journal without sudo (the Logs menu).
  if id -nG "$SVC_USER" 2>/dev/null | tr ' ' '\n' | grep -qx systemd-journal; then ok "in group systemd-journal"; else
    act "add $SVC_USER to systemd-journal (read logs without sudo)" usermod -aG systemd-journal "$SVC_USER"
  fi
  # docker: only with --docker. The Docker socket is root-equivalent (docs/SECURITY.md).
  if id -nG "$SVC_USER" 2>/dev/null | tr ' ' '\n' | grep -qx docker; then ok "in group docker (root-equivalent: docs/SECURITY.md)"
  elif [ "$DOCKER_ACCESS" = 1 ]; then
    if getent group docker >/dev/null; then act "add $SVC_USER to docker (🐳 containers; root-equivalent, see docs/SECURITY.md)" usermod -aG docker "$SVC_USER"
    else note "--docker: this machine has no docker group (Docker not installed): skipped"; fi
  elif [ -n "$(env_value DOCKER_WHITELIST)" ]; then
    note "DOCKER_WHITELIST is set but $SVC_USER is not in group docker: run again with --docker to allow it (root-equivalent: read docs/SECURITY.md first)"
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
# Root owns PREFIX and the app: the service user could otherwise rename the app away and put
# its own code where root and the units look for it (deploy/lib/layout.sh, decision 025).
# DATA (DATA_DIR, the service user's HOME) holds what the services write. 750: other users
# cannot even list them.
ensure_dir "$PREFIX" 750 "root:$SVC_USER"
ensure_dir "$APP" 750 "root:$SVC_USER"
ensure_dir "$DATA" 750 "$OWN"
move_old_data_dir
service_user_home
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
# The app belongs to root and is read-only to the service user (finding 1 of issue 15): what
# the services run cannot be changed by them (update.deps, a git hook, a restore), and root
# may run its CLI. Who owns the copy and its modes are set by rsync itself (--chown, --chmod)
# as each file is written: no moment where a file is unreadable to the service, and a second
# run finds the owner already right ("nothing to change").
APP_OWNER="root:$SVC_USER"
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
else
  ok "app already built"
fi
record_self_update_source
# npm wrote node_modules and dist as root with umask 022: group potion gets read, never write.
seal_app_tree
# `sudo potion hosts add <name>` (and doctor): root runs the root-owned app's CLI with the installed .env.
printf '#!/bin/sh\n# Written by deploy/install.sh: the potion-runner CLI (sudo potion hosts add <name>).\nENV_FILE=%s exec /usr/bin/node %s/apps/cli/dist/main.js "$@"\n' "$ENV_FILE" "$APP" >"$TMP/potion"
put_file "$TMP/potion" /usr/local/bin/potion 755 root:root

# --- 7-11 of a joined host: .env, proof key, sudo rules, logrotate, the worker unit -----------
if [ "$MODE" = join ]; then
  step "Settings of host ${JOIN_HOST:-?}: $ENV_FILE (mode 600) and the job proof key"
  if [ "$JOIN_READY" = 1 ]; then join_env; join_proof_key; fi
  install_sudoers
  put_file "$REPO/deploy/logrotate/potion-runner" /etc/logrotate.d/potion-runner 644 root:root
  step "systemd: potion-runner-worker.service only (the bot and the dashboard run on the main machine)"
  join_units
  if [ "$JOIN_READY" = 1 ]; then join_check; fi
  if [ "$DRY_RUN" = 1 ]; then bold "Dry run: $CHANGES step(s) would change something. Run without --dry-run to do them."; else bold "Done: $CHANGES change(s)."; fi
  sudoers_refusal_exit
  exit 0
fi

# --- 7. .env --------------------------------------------------------------------------------
step "Settings: $ENV_FILE (mode 600, owner $SVC_USER)"
if [ -f "$(r "$ENV_FILE")" ]; then
  ok ".env exists (values kept; edit it with: sudo -u $SVC_USER nano $ENV_FILE)"
  if [ -z "$(env_value DASHBOARD_PASSWORD)" ] && [ ! -f "$(r "$DATA/dashboard-password")" ]; then
    if [ "$DRY_RUN" = 1 ]; then changed "add a generated DASHBOARD_PASSWORD to $ENV_FILE"; else
      printf '\n# Generated by deploy/install.sh: the dashboard cannot store one itself under systemd.\nDASHBOARD_PASSWORD="%s"\n' "$(new_password)" >>"$(r "$ENV_FILE")"
      changed "added a generated DASHBOARD_PASSWORD to $ENV_FILE"
    fi
  fi
  ensure_redis_url
  [ "$(stat -c '%a' "$(r "$ENV_FILE")")" = 600 ] || act "chmod 600 $ENV_FILE (it holds the bot token)" chmod 600 "$(r "$ENV_FILE")"
  set_owner "$ENV_FILE" "$OWN"
else
  new_env="$TMP/env"
  cp "$REPO/.env.example" "$new_env"
  set_env_var "$new_env" DATA_DIR "$DATA"
  set_env_var "$new_env" LOG_DIR "$PREFIX/logs"
  set_env_var "$new_env" BACKUP_DIR "$PREFIX/backups"
  set_env_var "$new_env" HDD_MOUNT "$HDD_MOUNT"
  # The installed Redis lets only this ACL user in (deploy/lib/redis.sh).
  set_env_var "$new_env" REDIS_URL "$(new_redis_url)"
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
step "Redis: localhost only, a password (ACL user potion, default user off), AOF on (appendfsync always), noeviction, maxmemory 256mb"
redis_changed=0
before=$CHANGES
put_file "$TMP/potion-runner.conf" /etc/redis/potion-runner.conf 644
install_redis_acl
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
    note "a real run checks here that Redis answers the user potion only, with maxmemory-policy noeviction"
  else
    check_redis
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
retire_old_target
for u in "${UNITS[@]}"; do put_file "$REPO/deploy/systemd/$u" "/etc/systemd/system/$u" 644 root:root; done
install_self_update_unit
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
  stop_old_target
  for u in "${UNITS[@]}"; do
    systemctl is-enabled --quiet "$u" 2>/dev/null || act "enable $u at boot" systemctl enable "$u"
  done
  if [ "$CHANGES" -gt 0 ]; then
    act "start (or restart) potion-runner" systemctl restart potion-runner.service
  elif ! systemctl is-active --quiet potion-runner.service; then
    act "start potion-runner" systemctl start potion-runner.service
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
Check it:   systemctl status potion-runner
Live log:   journalctl -u potion-runner -f     (or: tail -f $PREFIX/logs/runtime.log)
Restart:    sudo systemctl restart potion-runner
Problems:   sudo -u $SVC_USER node $APP/apps/cli/dist/main.js doctor
Redis:      redis-cli --user potion --askpass   (password: sudo grep REDIS_URL $ENV_FILE)
Dashboard:  http://127.0.0.1:7070 (password: sudo grep DASHBOARD_PASSWORD $ENV_FILE)
Then send /start to your bot in Telegram.
EOF
sudoers_refusal_exit
