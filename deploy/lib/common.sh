# shellcheck shell=bash
# Sourced by deploy/install.sh: output, bookkeeping and the file helpers every step uses.
# Expects DRY_RUN, ROOT, ENV_FILE and TMP from install.sh.

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

# Reads KEY from the installed .env (empty when unset or no file).
env_value() {
  local f
  f=$(r "$ENV_FILE")
  [ -f "$f" ] || return 0
  sed -n "s/^$1=//p" "$f" | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'$/\1/"
}

# Sets KEY=value in file $1, replacing "KEY=..." or "#KEY=..." or appending.
set_env_var() {
  local file="$1" key="$2" value="$3"
  if grep -qE "^#?$key=" "$file"; then
    awk -v k="$key" -v v="$value" 'BEGIN { done = 0 } { if (!done && ($0 ~ "^" k "=" || $0 ~ "^#" k "=")) { print k "=\"" v "\""; done = 1 } else print }' "$file" >"$file.tmp" && mv "$file.tmp" "$file"
  else
    printf '%s="%s"\n' "$key" "$value" >>"$file"
  fi
}
# A random password of $1 letters and digits (default 24).
new_password() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c "${1:-24}" || true; }
# Sets KEY=value in the installed .env in place: its owner and mode 600 stay as they are.
edit_env_var() {
  local key="$1" value="$2" why="$3" f
  f=$(r "$ENV_FILE")
  if [ "$DRY_RUN" = 1 ]; then changed "set $key in $ENV_FILE ($why)"; return 0; fi
  cp "$f" "$TMP/env.edit"
  set_env_var "$TMP/env.edit" "$key" "$value"
  cat "$TMP/env.edit" >"$f"
  rm -f "$TMP/env.edit"
  changed "set $key in $ENV_FILE ($why)"
}
