# shellcheck shell=bash
# Sourced by deploy/install.sh: the system Redis needs a password. An ACL file turns the
# default user off and lets the user potion in with the password that lives only in REDIS_URL
# of the mode-600 .env (the ACL file holds its SHA-256). A human uses:
#   redis-cli --user potion --askpass      (password: sudo grep REDIS_URL /opt/potion-runner/.env)

REDIS_ACL=/etc/redis/potion-runner.acl
REDIS_HOSTPORT=127.0.0.1:6379

# The app's Redis password from REDIS_URL in the installed .env; empty when REDIS_URL has none.
redis_password() {
  env_value REDIS_URL | sed -n "s|^redis://potion:\([A-Za-z0-9]\{32,\}\)@$REDIS_HOSTPORT/\{0,1\}\$|\1|p"
}

# A REDIS_URL with the ACL user for a new .env.
new_redis_url() { printf 'redis://potion:%s@%s' "$(new_password 40)" "$REDIS_HOSTPORT"; }

# An existing .env whose REDIS_URL does not log in as potion gets a new password.
ensure_redis_url() {
  [ -z "$(redis_password)" ] || return 0
  local old
  old=$(env_value REDIS_URL | sed 's|:[^:@/]*@|:***@|')
  edit_env_var REDIS_URL "$(new_redis_url)" "the installed Redis only lets the ACL user potion in${old:+; was $old}"
}

install_redis_acl() {
  local pw owner=root:redis
  pw=$(redis_password)
  if [ -z "$pw" ]; then
    changed "write $REDIS_ACL (mode 640: the default user off, the user potion with the password of REDIS_URL)"
    return 0
  fi
  printf 'user default off\nuser potion on #%s ~* &* +@all\n' "$(printf '%s' "$pw" | sha256sum | cut -d' ' -f1)" >"$TMP/redis.acl"
  # The joined hosts' users (`potion hosts add`, decision 043) stay.
  if [ -f "$(r "$REDIS_ACL")" ]; then grep -E '^user worker-[a-z0-9][a-z0-9-]* ' "$(r "$REDIS_ACL")" >>"$TMP/redis.acl" || true; fi
  getent group redis >/dev/null 2>&1 || owner=""
  put_file "$TMP/redis.acl" "$REDIS_ACL" 640 "$owner"
}

# redis-cli as the app's ACL user; the password goes through the environment, not argv.
redis_as_app() { REDISCLI_AUTH="$(redis_password)" redis-cli --user potion -h 127.0.0.1 "$@"; }

check_redis() {
  local policy
  for _ in $(seq 1 50); do [ "$(redis_as_app ping 2>/dev/null)" = PONG ] && break; sleep 0.2; done
  [ "$(redis_as_app ping 2>/dev/null)" = PONG ] || die "Redis does not answer the user potion on $REDIS_HOSTPORT: sudo systemctl status redis-server; sudo journalctl -u redis-server -n 50"
  if [ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = PONG ]; then
    die "Redis still answers without a password: the line 'aclfile $REDIS_ACL' at the end of /etc/redis/potion-runner.conf must win (check /etc/redis/redis.conf for a later aclfile or user line)"
  fi
  policy=$(redis_as_app config get maxmemory-policy | tail -n 1)
  [ "$policy" = noeviction ] || die "Redis maxmemory-policy is $policy, expected noeviction: check the include line at the end of /etc/redis/redis.conf"
  ok "Redis answers the user potion only (the default user is off), maxmemory-policy noeviction, appendonly $(redis_as_app config get appendonly | tail -n 1)"
}
