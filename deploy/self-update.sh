#!/usr/bin/env bash
# potion-runner updates itself (issue 19 point 6; docs/decisions/045-self-update.md).
# Root's script in root's app tree. The worker (user potion) never builds: through its sudo
# rules it may only run `check`, and start the oneshot unit potion-runner-selfupdate.service,
# which runs `run`.
#
#   self-update.sh check   git fetch in the checkout install.sh ran from; print the running
#                          version and the incoming commits (read-only for the app)
#   self-update.sh run     fetch, build the upstream commit into app.new, keep the running build
#                          as app.prev, switch, restart potion-runner.service, wait until the new
#                          processes report the new release (2 minutes), else switch back and
#                          restart the previous build. Every step goes into the status file the
#                          worker reads (self-update/status, root:potion 640).
#
# Layout under PREFIX (/opt/potion-runner): app/ (what runs, with .release = its commit),
# app.prev/ (the build before, kept for the rollback), app.new/ (a build in progress),
# self-update/{checkout,status,build.log,lock}. `checkout` names the checkout (install.sh).
#
# For tests only (the unit and sudo pass none of these): POTION_SELFUPDATE_PREFIX,
# POTION_SELFUPDATE_HEALTH_SEC (default 120), POTION_SELFUPDATE_CLI (the CLI that checks the
# health, default the new build's apps/cli/dist/main.js), POTION_SELFUPDATE_USER (default potion).
set -euo pipefail
umask 027

PREFIX=${POTION_SELFUPDATE_PREFIX:-/opt/potion-runner}
HEALTH_SEC=${POTION_SELFUPDATE_HEALTH_SEC:-120}
SVC_USER=${POTION_SELFUPDATE_USER:-potion}
APP="$PREFIX/app"
PREV="$PREFIX/app.prev"
NEW="$PREFIX/app.new"
FAILED="$PREFIX/app.failed"
STATE="$PREFIX/self-update"
STATUS="$STATE/status"
LOG="$STATE/build.log"
ENV_FILE="$PREFIX/.env"
UNIT=potion-runner.service
# How many incoming commits `check` lists (the total is counted apart).
SHOW_COMMITS=10

# In `run` the EXIT trap puts ERROR into the final status: the chat says why.
ERROR=""
die() { printf 'self-update: %s\n' "$*" >&2; ERROR="$*"; exit 1; }
now_ms() { date +%s%3N; }
is_root() { [ "$(id -u)" -eq 0 ]; }
[[ "$HEALTH_SEC" =~ ^[0-9]+$ ]] || die "POTION_SELFUPDATE_HEALTH_SEC must be a number of seconds"

# --- the checkout -------------------------------------------------------------------------
CHECKOUT=""
OWNER=""
OWNER_HOME=""
open_checkout() {
  [ -f "$STATE/checkout" ] || die "no $STATE/checkout: run sudo deploy/install.sh from the checkout once"
  CHECKOUT=$(head -n 1 "$STATE/checkout")
  if [[ "$CHECKOUT" != /* ]] || [ ! -e "$CHECKOUT/.git" ]; then die "the checkout $CHECKOUT (from $STATE/checkout) is not a git checkout"; fi
  OWNER=$(stat -c %U "$CHECKOUT")
  # Root builds what this checkout holds: the service user must not be able to change it.
  [ "$OWNER" != "$SVC_USER" ] || die "$CHECKOUT belongs to $SVC_USER: root does not build code the service user can change"
  [ -z "$(find "$CHECKOUT" "$CHECKOUT/.git" -maxdepth 0 -perm -o+w)" ] || die "$CHECKOUT is writable by everyone"
  OWNER_HOME=$(getent passwd "$OWNER" | cut -d: -f6 || true)
}
# git in the checkout as the checkout's owner: fetched objects keep their owner, and root
# does not run git on a repository it does not own (git's own safe.directory check).
cgit() {
  if is_root && [ "$OWNER" != root ]; then
    runuser -u "$OWNER" -- env HOME="${OWNER_HOME:-/}" git -C "$CHECKOUT" "$@"
  else
    git -C "$CHECKOUT" "$@"
  fi
}
one_line() { cgit log -1 --format='%h %s' "$1"; }

RUNNING=""
TARGET=""
fetch_and_compare() {
  cgit fetch --quiet || die "git fetch failed in $CHECKOUT (network, or the remote cannot be read)"
  UPSTREAM=$(cgit rev-parse --abbrev-ref --symbolic-full-name '@{u}' 2>/dev/null) || die "the branch in $CHECKOUT has no upstream (git branch --set-upstream-to=origin/main)"
  TARGET=$(cgit rev-parse --verify '@{u}^{commit}')
  if [ -f "$APP/.release" ]; then RUNNING=$(head -n 1 "$APP/.release"); else RUNNING=$(cgit rev-parse --verify 'HEAD^{commit}'); fi
  [[ "$RUNNING" =~ ^[0-9a-f]{40}$ ]] || die "$APP/.release does not hold a commit"
  cgit cat-file -e "$RUNNING^{commit}" 2>/dev/null || die "the running commit $RUNNING is not in $CHECKOUT"
  cgit merge-base --is-ancestor "$RUNNING" "$TARGET" || die "$UPSTREAM does not contain the running commit (history rewritten?): update by hand"
}

# --- check ---------------------------------------------------------------------------------
if [ "${1:-}" = check ] && [ $# -eq 1 ]; then
  open_checkout
  fetch_and_compare
  printf 'running %s\n' "$(one_line "$RUNNING")"
  printf 'upstream %s\n' "$UPSTREAM"
  printf 'total %s\n' "$(cgit rev-list --count "$RUNNING..$TARGET")"
  cgit log -n "$SHOW_COMMITS" --format='commit %h %s' "$RUNNING..$TARGET"
  exit 0
fi
if [ "${1:-}" != run ] || [ $# -ne 1 ]; then die "usage: self-update.sh check|run"; fi

# --- run: the status file ------------------------------------------------------------------
is_root && [ ! -d "$STATE" ] && install -d -m 750 -o root -g "$SVC_USER" "$STATE"
[ -d "$STATE" ] || die "$STATE is missing"
RUN_ID=$(now_ms)
PHASE="" OUTCOME="" RUNNING_LINE="" TARGET_LINE=""
# key=value lines, replaced atomically; the worker reads them (apps/worker/src/jobs/selfupdate/status.ts).
write_status() {
  local tmp="$STATE/.status.$$"
  {
    printf 'id=%s\nat=%s\nphase=%s\n' "$RUN_ID" "$(now_ms)" "$PHASE"
    [ -z "$OUTCOME" ] || printf 'outcome=%s\n' "$OUTCOME"
    [ -z "$RUNNING_LINE" ] || printf 'running=%s\n' "$RUNNING_LINE"
    [ -z "$TARGET_LINE" ] || printf 'target=%s\n' "$TARGET_LINE"
    [ -z "$ERROR" ] || printf 'error=%s\n' "$(printf '%s' "$ERROR" | tr -d '\r\n' | cut -c1-300)"
  } >"$tmp"
  chmod 640 "$tmp"
  if is_root && getent group "$SVC_USER" >/dev/null; then chown "root:$SVC_USER" "$tmp"; fi
  mv -f "$tmp" "$STATUS"
}
phase() { PHASE=$1; write_status; }
finish() { PHASE='done' OUTCOME=$1 ERROR=${2:-}; write_status; exit 0; }
# Anything that stops the script early still ends in a final status the chat can show.
# shellcheck disable=SC2317 # called by the EXIT trap
on_exit() {
  local rc=$?
  [ "$PHASE" != 'done' ] || return 0
  PHASE='done' OUTCOME=failed
  [ -n "$ERROR" ] || ERROR="berhenti di tengah jalan (exit $rc)"
  write_status
}

# One run at a time (systemd already joins a second start of the running unit); the status
# file belongs to the run that holds the lock, so a second one leaves it alone.
exec 9>"$STATE/lock"
flock -n 9 || die "another self-update is running"
trap on_exit EXIT

phase fetching
open_checkout
fetch_and_compare
RUNNING_LINE=$(one_line "$RUNNING")
if [ "$RUNNING" = "$TARGET" ]; then finish up-to-date; fi
TARGET_LINE=$(one_line "$TARGET")

# --- build into app.new ---------------------------------------------------------------------
phase building
rm -rf "$NEW" "$FAILED"
mkdir -m 750 "$NEW"
: >"$LOG"
if ! cgit archive --format=tar "$TARGET" | tar -x -C "$NEW" 2>>"$LOG"; then
  rm -rf "$NEW"
  finish build-failed "git archive $TARGET gagal"
fi
printf '%s\n' "$TARGET" >"$NEW/.release"
if ! (cd "$NEW" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) >>"$LOG" 2>&1; then
  rm -rf "$NEW"
  finish build-failed "$(grep -v '^[[:space:]]*$' "$LOG" | tail -n 1)"
fi
# Root's, read-only to the service user (decision 025), like install.sh's seal_app_tree.
if is_root && id "$SVC_USER" >/dev/null 2>&1; then
  chown -R "root:$SVC_USER" "$NEW"
  chmod -R g-w,o-rwx "$NEW"
fi

# --- switch, restart, wait for health -------------------------------------------------------
# Both renames stay inside PREFIX (one file system); app.prev is the build that ran until now.
switch_to_new() { rm -rf "$PREV"; mv "$APP" "$PREV"; mv "$NEW" "$APP"; }
switch_back() { rm -rf "$FAILED"; mv "$APP" "$FAILED"; mv "$PREV" "$APP"; rm -rf "$FAILED"; }
# Until every process reports release $1 started after $2 (Unix ms), or HEALTH_SEC passed.
healthy() {
  local release="$1" since="$2" cli="${POTION_SELFUPDATE_CLI:-$APP/apps/cli/dist/main.js}" deadline
  deadline=$(($(date +%s) + HEALTH_SEC))
  while :; do
    if node "$cli" self-update-health --release "$release" --since "$since" --env-path "$ENV_FILE" >>"$LOG" 2>&1; then return 0; fi
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 2
  done
}

phase restarting
switch_to_new
since=$(now_ms)
if systemctl restart "$UNIT" >>"$LOG" 2>&1; then
  phase checking
  if healthy "$TARGET" "$since"; then
    RUNNING_LINE=$TARGET_LINE
    # Keep the checkout in step with what runs, so a later install.sh does not go back.
    cgit merge --ff-only --quiet "$TARGET" >>"$LOG" 2>&1 || printf 'note: %s was not fast-forwarded to %s\n' "$CHECKOUT" "$TARGET" >>"$LOG"
    finish updated
  fi
  why="versi baru tidak lapor sehat dalam $HEALTH_SEC detik"
else
  why="systemctl restart $UNIT gagal"
fi

# --- roll back -------------------------------------------------------------------------------
phase rolling-back
switch_back
since=$(now_ms)
if systemctl restart "$UNIT" >>"$LOG" 2>&1 && healthy "$RUNNING" "$since"; then
  finish rolled-back "$why"
fi
finish rolled-back "$why; versi lama juga belum lapor sehat, cek: systemctl status potion-runner"
