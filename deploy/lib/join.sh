# shellcheck shell=bash
# Sourced by deploy/install.sh: --join installs a second machine's worker only (no bot, no
# dashboard, no local Redis) against the main machine's Redis, with the ACL user and the job
# proof key that `sudo potion hosts add <name>` made there (docs/decisions/043).
# Expects JOIN_SECRET and JOIN_REDIS (maybe empty: asked for), ENV_FILE, DATA, PREFIX, OWN.

# Reads the secret and the address (asking on a terminal) and checks them with
# join-secret.mjs; sets the JOIN_* variables it prints.
read_join_secret() {
  local secret="${JOIN_SECRET:-}" addr="${JOIN_REDIS:-}" node parsed k v
  if [ -z "$secret" ] && [ -t 0 ] && [ "$DRY_RUN" = 0 ]; then
    printf '    Rahasia gabung dari mesin utama (sudo potion hosts add <nama>; satu baris): '
    read -rs secret
    echo
  fi
  if [ -z "$secret" ]; then
    if [ "$DRY_RUN" = 1 ]; then note "a real run asks for the join secret here (or takes --join-secret)"; return 1; fi
    die "no join secret: run it on a terminal to be asked, or give --join-secret (make one on the main machine: sudo potion hosts add <name>)"
  fi
  if [ -z "$addr" ] && [ -t 0 ] && [ "$DRY_RUN" = 0 ] && ! printf '%s\n' "$secret" | node_bin "$REPO/deploy/lib/join-secret.mjs" >/dev/null 2>&1; then
    printf '    Alamat Redis mesin utama (alamat Tailscale-nya, mis. 100.101.102.103:6379): '
    read -r addr
  fi
  node=$(node_bin_path)
  parsed=$(printf '%s\n' "$secret" | "$node" "$REPO/deploy/lib/join-secret.mjs" ${addr:+--redis "$addr"}) || exit 1
  while IFS='=' read -r k v; do
    case "$k" in
      JOIN_HOST) JOIN_HOST="$v" ;;
      JOIN_USER) JOIN_USER="$v" ;;
      JOIN_PASSWORD) JOIN_PASSWORD="$v" ;;
      JOIN_PROOF_KEY) JOIN_PROOF_KEY="$v" ;;
      JOIN_REDIS_HOST) JOIN_REDIS_HOST="$v" ;;
      JOIN_REDIS_PORT) JOIN_REDIS_PORT="$v" ;;
      JOIN_REDIS_TLS) JOIN_REDIS_TLS="$v" ;;
      JOIN_REDIS_URL) JOIN_REDIS_URL="$v" ;;
      JOIN_REDIS_SHOWN) JOIN_REDIS_SHOWN="$v" ;;
    esac
  done <<<"$parsed"
  ok "join secret for host $JOIN_HOST, Redis $JOIN_REDIS_SHOWN"
}

# Node.js for the secret check: the installed /usr/bin/node, else the one on PATH (tests, --root).
node_bin_path() { if [ -x /usr/bin/node ]; then echo /usr/bin/node; else command -v node; fi; }
node_bin() { "$(node_bin_path)" "$@"; }

# .env of a joined host: HOST_ID, HOST_ROLE=joined and REDIS_URL with the host's ACL user.
join_env() {
  if [ -f "$(r "$ENV_FILE")" ]; then
    ok ".env exists (values kept, HOST_ID and REDIS_URL set from the join secret)"
    [ "$(env_value HOST_ID)" = "$JOIN_HOST" ] || edit_env_var HOST_ID "$JOIN_HOST" "this host's name on the main machine"
    [ "$(env_value REDIS_URL)" = "$JOIN_REDIS_URL" ] || edit_env_var REDIS_URL "$JOIN_REDIS_URL" "the main machine's Redis as $JOIN_USER"
    [ "$(env_value HOST_ROLE)" = joined ] || edit_env_var HOST_ROLE joined "a joined host: no registry write, no silent-host check"
    [ "$(stat -c '%a' "$(r "$ENV_FILE")")" = 600 ] || act "chmod 600 $ENV_FILE (it holds the Redis password)" chmod 600 "$(r "$ENV_FILE")"
    set_owner "$ENV_FILE" "$OWN"
    return 0
  fi
  local new_env="$TMP/env"
  cp "$REPO/.env.example" "$new_env"
  set_env_var "$new_env" DATA_DIR "$DATA"
  set_env_var "$new_env" LOG_DIR "$PREFIX/logs"
  set_env_var "$new_env" BACKUP_DIR "$PREFIX/backups"
  set_env_var "$new_env" HDD_MOUNT "$HDD_MOUNT"
  set_env_var "$new_env" HOST_ID "$JOIN_HOST"
  # The worker's Redis user reaches only this host's keys: no registry, no legacy keys to move.
  set_env_var "$new_env" HOST_ROLE joined
  set_env_var "$new_env" REDIS_URL "$JOIN_REDIS_URL"
  put_file "$new_env" "$ENV_FILE" 600 "$OWN"
}

# The host's job proof key: the bot on the main machine signs this host's jobs with it.
join_proof_key() {
  ensure_dir "$DATA/keys" 700 "$OWN"
  printf '%s\n' "$JOIN_PROOF_KEY" >"$TMP/job-proof.key"
  put_file "$TMP/job-proof.key" "$DATA/keys/job-proof.key" 600 "$OWN"
}

# The worker unit, started at boot by multi-user.target, and the umbrella potion-runner.service
# for the PRD's commands (`systemctl status potion-runner`, `journalctl -u potion-runner -f`)
# with a drop-in that makes it follow and show the worker only (POTION_UMBRELLA_PROCS).
# A run that changed nothing (app, .env, key, sudo rules, units) leaves a running worker alone.
join_units() {
  local u=potion-runner-worker.service umbrella=potion-runner.service before=$CHANGES
  put_file "$REPO/deploy/systemd/$u" "/etc/systemd/system/$u" 644 root:root
  put_file "$REPO/deploy/systemd/$umbrella" "/etc/systemd/system/$umbrella" 644 root:root
  printf '# deploy/install.sh --join: this host runs the worker only.\n[Unit]\nDescription=potion-runner (worker only: a host joined to the main machine)\n[Service]\nEnvironment=POTION_UMBRELLA_PROCS=worker\n' >"$TMP/joined.conf"
  put_file "$TMP/joined.conf" "/etc/systemd/system/$umbrella.d/joined.conf" 644 root:root
  system_steps || { note "systemctl skipped under --root"; return 0; }
  [ "$CHANGES" = "$before" ] || act "systemctl daemon-reload" systemctl daemon-reload
  [ -e "/etc/systemd/system/multi-user.target.wants/$u" ] || act "start the worker at boot" systemctl add-wants multi-user.target "$u"
  systemctl is-enabled --quiet "$umbrella" 2>/dev/null || act "enable $umbrella at boot" systemctl enable "$umbrella"
  if [ "$CHANGES" = 0 ] && systemctl is-active --quiet "$u" && systemctl is-active --quiet "$umbrella"; then
    ok "the worker runs (nothing changed: not restarted)"
  elif [ "$CHANGES" = 0 ] && systemctl is-active --quiet "$u"; then
    act "start $umbrella" systemctl start "$umbrella"
  else
    act "start (or restart) the worker" systemctl restart "$umbrella" "$u"
  fi
}

# PING as the host's ACL user until it answers (the main machine's Redis sees this host).
join_check() {
  local tls=() got=""
  [ "$JOIN_REDIS_TLS" = 1 ] && tls=(--tls)
  # Under --root, POTION_JOIN_CHECK=1 still checks (the tests give a real Redis).
  if [ "$DRY_RUN" = 1 ] || { ! system_steps && [ -z "${POTION_JOIN_CHECK:-}" ]; }; then
    note "a real run waits here until Redis at $JOIN_REDIS_SHOWN answers PING as $JOIN_USER"
    return 0
  fi
  for _ in $(seq 1 50); do
    got=$(REDISCLI_AUTH="$JOIN_PASSWORD" redis-cli "${tls[@]}" --user "$JOIN_USER" -h "$JOIN_REDIS_HOST" -p "$JOIN_REDIS_PORT" ping 2>&1 || true)
    [ "$got" = PONG ] && break
    sleep 0.2
  done
  case "$got" in
    PONG) bold "host $JOIN_HOST terlihat: Redis mesin utama menjawab sebagai $JOIN_USER" ;;
    *WRONGPASS*) die "Redis mesin utama menolak $JOIN_USER (password salah atau host sudah dihapus): bikin rahasia baru di sana (sudo potion hosts remove $JOIN_HOST; sudo potion hosts add $JOIN_HOST)" ;;
    *) die "Redis di $JOIN_REDIS_HOST:$JOIN_REDIS_PORT nggak menjawab ($got): cek Tailscale nyala di kedua mesin (tailscale status) dan mesin utama dipasang dengan --redis-bind <alamat Tailscale-nya>" ;;
  esac
}
