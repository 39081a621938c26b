#!/usr/bin/env bash
# npm run setup: installs what a fresh Debian/Ubuntu lacks, then the npm packages and the build.
# Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# System packages the project runs: redis-server (the queue), rsync (backups), sqlite3
# (consistent database dumps, BACKUP_SQLITE; the tests use it too), rclone (the off-site
# copy; its tests run the real one).
# Test-only tools (shellcheck; chromium for the dashboard's real-browser test, driven by
# playwright-core at /usr/bin/chromium; systemd for its real systemctl) are added unless
# POTION_SETUP_TEST_TOOLS=0.
need_pkgs=()
command -v redis-server >/dev/null 2>&1 || need_pkgs+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need_pkgs+=(redis-tools)
command -v rsync >/dev/null 2>&1 || need_pkgs+=(rsync)
command -v git >/dev/null 2>&1 || need_pkgs+=(git)
command -v sqlite3 >/dev/null 2>&1 || need_pkgs+=(sqlite3)
command -v rclone >/dev/null 2>&1 || need_pkgs+=(rclone)
if [ "${POTION_SETUP_TEST_TOOLS:-1}" = 1 ]; then
  command -v shellcheck >/dev/null 2>&1 || need_pkgs+=(shellcheck)
  [ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
  # deploy tests: visudo checks the generated sudoers file, logrotate -d the rotation rules.
  command -v visudo >/dev/null 2>&1 || [ -x /usr/sbin/visudo ] || need_pkgs+=(sudo)
  command -v logrotate >/dev/null 2>&1 || [ -x /usr/sbin/logrotate ] || need_pkgs+=(logrotate)
  # Tests run the machine's real /usr/bin/systemctl (where systemd is not PID 1 it fails the
  # way a container or WSL does) and fail loudly when it is missing.
  [ -x /usr/bin/systemctl ] || need_pkgs+=(systemd)
  # npm run test:system: a container booting a real systemd (systemd-nspawn) on a Debian
  # rootfs made by debootstrap.
  command -v systemd-nspawn >/dev/null 2>&1 || need_pkgs+=(systemd-container)
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need_pkgs+=(debootstrap)
  # Test hosts in network namespaces (libs/testkit netns.ts, issue 18): ip netns, veth, bridge.
  command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || need_pkgs+=(iproute2)
  # The PostgreSQL dump test (BACKUP_PG) starts a private server: initdb, pg_ctl, pg_dump.
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1 || need_pkgs+=(postgresql)
  # The container tests start a private dockerd on their own socket (Debian's docker.io; the
  # package's own service is left alone) and import a small image from the debootstrap rootfs.
  command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || need_pkgs+=(docker.io)
fi

if [ ${#need_pkgs[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${need_pkgs[*]}. This machine has no apt-get: install them with your package manager, then run npm run setup again." >&2
    exit 1
  fi
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
      echo "Missing: ${need_pkgs[*]}, and you are not root and sudo is missing. As root run: apt-get install -y ${need_pkgs[*]}" >&2
      exit 1
    fi
  fi
  say "Installing system packages: ${need_pkgs[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"
  # The Debian package starts a system redis-server on 6379; the project does not need it
  # for npm start (it runs its own private one) and leaves it alone.
else
  say "System packages already present (redis-server, rsync, git, sqlite3, rclone)"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js $(node --version) is too old: potion-runner needs Node.js 20 or newer (22/24 LTS recommended)." >&2
  exit 1
fi

say "Installing npm packages (npm ci)"
npm ci --no-audit --no-fund --loglevel=error

say "Building (TypeScript)"
npm run build --silent

say "Setup done. Next: npm start   (and npm test to run the tests)"
