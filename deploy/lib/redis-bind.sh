# shellcheck shell=bash
# Sourced by deploy/install.sh: --redis-bind ADDR lets the workers of other machines reach the
# main machine's Redis (issue 18, docs/decisions/043). Only over Tailscale (100.64.0.0/10,
# fd7a:115c:a1e0::/48: WireGuard-encrypted) or loopback; any other address only when TLS is
# set up in /etc/redis/potion-runner-tls.conf with the clear-text port off (port 0), since Redis
# listens on every bound address with every port. The ranges are the ones of
# libs/platform/src/redis-network.ts.

REDIS_TLS_CONF=/etc/redis/potion-runner-tls.conf

# loopback | tailscale | other
redis_addr_network() {
  local a="${1#[}"
  a="${a%]}"
  a=$(printf '%s' "$a" | tr 'A-F' 'a-f')
  if [[ "$a" =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || [ "$a" = ::1 ]; then echo loopback; return; fi
  if [[ "$a" =~ ^100\.([0-9]+)\.[0-9]+\.[0-9]+$ ]] && [ "${BASH_REMATCH[1]}" -ge 64 ] && [ "${BASH_REMATCH[1]}" -le 127 ]; then echo tailscale; return; fi
  if [[ "$a" =~ ^fd7a:115c:a1e0: ]]; then echo tailscale; return; fi
  echo other
}

# True when the TLS file turns TLS on and the clear-text port off.
redis_tls_configured() {
  local f
  f=$(r "$REDIS_TLS_CONF")
  [ -f "$f" ] && grep -Eq '^[[:space:]]*tls-port[[:space:]]+[1-9][0-9]*' "$f" && grep -Eq '^[[:space:]]*port[[:space:]]+0[[:space:]]*$' "$f" &&
    grep -Eq '^[[:space:]]*tls-cert-file[[:space:]]+' "$f" && grep -Eq '^[[:space:]]*tls-key-file[[:space:]]+' "$f"
}

# The extra address the installed potion-runner.conf binds (kept when --redis-bind is not given).
installed_redis_bind() {
  local f
  f=$(r /etc/redis/potion-runner.conf)
  [ -f "$f" ] || return 0
  sed -n 's/^bind 127\.0\.0\.1 -::1 -\{0,1\}\([^ ]*\)$/\1/p' "$f" | head -n 1
}

# Checks ADDR ($1) and prints the potion-runner.conf to install into file $2.
render_redis_conf() {
  local addr="$1" dest="$2" net
  if [ -z "$addr" ]; then cp "$REPO/deploy/redis/potion-runner.conf" "$dest"; return 0; fi
  [[ "$addr" =~ ^[0-9A-Fa-f:.]+$ ]] || die "--redis-bind $addr: give an IP address of this machine (its Tailscale address: tailscale ip -4)"
  net=$(redis_addr_network "$addr")
  if [ "$net" = other ] && ! redis_tls_configured; then
    die "--redis-bind $addr: refused. $addr is neither loopback nor Tailscale (100.64.0.0/10, fd7a:115c:a1e0::/48): the queue and the Redis passwords would cross the network in the clear. Use this machine's Tailscale address (tailscale ip -4), or set up TLS first in $REDIS_TLS_CONF (tls-port, tls-cert-file, tls-key-file, and port 0 so nothing listens in the clear)"
  fi
  # "-": Redis starts even while the address is not there yet (Tailscale still coming up at boot).
  sed "s/^bind 127\.0\.0\.1 -::1$/bind 127.0.0.1 -::1 -$addr/" "$REPO/deploy/redis/potion-runner.conf" >"$dest"
  if [ "$net" = other ]; then printf '\n# TLS for the other machines (deploy/install.sh --redis-bind %s)\ninclude %s\n' "$addr" "$REDIS_TLS_CONF" >>"$dest"; fi
  ok "Redis also listens on $addr ($net) for the workers of other machines"
}
