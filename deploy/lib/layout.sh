# shellcheck shell=bash
# Sourced by deploy/install.sh: who owns what under /opt/potion-runner.
#   /opt/potion-runner        root:SVC_USER 750  (the service user cannot rename the app away)
#   /opt/potion-runner/app    root:SVC_USER, folders 750, files without group/other write:
#                             the code the services run, read-only to them
#   /opt/potion-runner/data   SVC_USER 750: DATA_DIR and the service user's HOME (markers,
#                             keys, kept messages, charts, npm/git caches)
#   logs, backups, .env       SVC_USER (.env mode 600)

DATA="$PREFIX/data"
# What install.sh itself puts in PREFIX; anything else there was written by the services back
# when DATA_DIR was PREFIX and moves into DATA.
PREFIX_ENTRIES=" app app.prev app.new app.failed self-update .env logs backups data "

# Who owns the code root may run: root, or under --root whoever runs the test (no chown there).
trusted_owner() { if system_steps; then echo root; else id -un; fi; }

# The first path of PREFIX, the app or anything in it the service user could change (owned by
# someone else than the trusted owner, or writable by group or others); nothing when none.
app_tree_writable_entry() {
  local app owner d
  app=$(r "$APP")
  owner=$(trusted_owner)
  [ -d "$app" ] || return 0
  for d in "$(r "$PREFIX")" "$app"; do
    if [ "$(stat -c %U "$d")" != "$owner" ] || [ -n "$(find "$d" -maxdepth 0 -perm /022)" ]; then
      printf '%s\n' "${d#"$ROOT"}"
      return 0
    fi
  done
  find "$app" \( ! -user "$owner" -o \( ! -type l -perm /022 \) \) -print -quit 2>/dev/null | sed "s|^$ROOT||"
}

# An .env from before DATA_DIR moved out of PREFIX: move what the services wrote there.
move_old_data_dir() {
  [ -f "$(r "$ENV_FILE")" ] && [ "$(env_value DATA_DIR)" = "$PREFIX" ] || return 0
  local entry name
  for entry in "$(r "$PREFIX")"/* "$(r "$PREFIX")"/.[!.]*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    name=$(basename "$entry")
    case "$PREFIX_ENTRIES" in *" $name "*) continue ;; esac
    act "move $PREFIX/$name into $DATA (root owns $PREFIX now)" mv "$entry" "$(r "$DATA")/"
  done
  edit_env_var DATA_DIR "$DATA" "what the services write lives in $DATA, outside the app"
}

# The service user's HOME is DATA (npm, git and uv write their caches and config there).
service_user_home() {
  system_steps && id "$SVC_USER" >/dev/null 2>&1 || return 0
  local home
  home=$(getent passwd "$SVC_USER" | cut -d: -f6)
  [ "$home" = "$DATA" ] || act "set the home of $SVC_USER to $DATA (was $home)" usermod -d "$DATA" "$SVC_USER"
}

# After the copy and build: root owns the app, the service user may only read it.
seal_app_tree() {
  local bad
  if system_steps && [ "$DRY_RUN" = 0 ] && id "$SVC_USER" >/dev/null 2>&1; then
    bad=$(app_tree_writable_entry)
    if [ -n "$bad" ]; then
      act "make $APP root's (found $bad)" chown -R "root:$SVC_USER" "$(r "$APP")"
      act "make $APP read-only to $SVC_USER" chmod -R g-w,o-rwx "$(r "$APP")"
    fi
  fi
  [ "$DRY_RUN" = 1 ] && return 0
  bad=$(app_tree_writable_entry)
  [ -z "$bad" ] || die "$bad can be changed by someone else than $(trusted_owner): the app must be root's and read-only to $SVC_USER"
  ok "$APP is $(trusted_owner)'s and read-only to $SVC_USER"
}
