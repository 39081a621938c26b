# shellcheck shell=bash
# Sourced by deploy/install.sh: what ⚙️ Settings → Update potion-runner needs (decision 045).
#   PREFIX/self-update/          root:SVC_USER 750: `checkout` (this checkout's path), the
#                                status file deploy/self-update.sh writes, its build log
#   APP/.release                 the commit the app was built from (what "running" means)
#   potion-runner-selfupdate.service   the root oneshot the worker may start (one sudo rule)

SELF_UPDATE_DIR="$PREFIX/self-update"

# After the app is copied: where it came from and which commit it is.
record_self_update_source() {
  local head
  ensure_dir "$SELF_UPDATE_DIR" 750 "root:$SVC_USER"
  printf '%s\n' "$REPO" >"$TMP/checkout"
  put_file "$TMP/checkout" "$SELF_UPDATE_DIR/checkout" 640 "root:$SVC_USER"
  # -c safe.directory: root reads a checkout its admin owns (git refuses it otherwise).
  if head=$(git -c safe.directory="$REPO" -C "$REPO" rev-parse --verify 'HEAD^{commit}' 2>/dev/null); then
    printf '%s\n' "$head" >"$TMP/release"
    put_file "$TMP/release" "$APP/.release" 640 "root:$SVC_USER"
  else
    note "$REPO is not a git checkout: ⚙️ Settings cannot update potion-runner itself (clone it with git to get that)"
  fi
}

install_self_update_unit() {
  put_file "$REPO/deploy/systemd/potion-runner-selfupdate.service" /etc/systemd/system/potion-runner-selfupdate.service 644 root:root
}
