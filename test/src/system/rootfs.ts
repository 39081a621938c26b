import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, mkdirSync, copyFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../harness/deploy-helpers.js';

/** What the container needs (issue 14): systemd as PID 1, the Redis the installer configures, the tools install.sh uses. */
export const ROOTFS_PACKAGES = [
  'systemd', 'systemd-sysv', 'dbus', 'redis-server', 'redis-tools', 'rsync', 'sudo', 'logrotate', 'procps', 'iproute2',
  'ca-certificates', 'git', 'acl', 'lm-sensors', 'smartmontools', 'util-linux',
  // What install.sh adds (issue 17): htop and sysstat (PRD section 5), unattended-upgrades (section 11).
  // The list is part of the cache key: a change builds a new rootfs.
  'htop', 'sysstat', 'unattended-upgrades',
  // sqlite3 (consistent database dumps, BACKUP_SQLITE) and rclone (the off-site copy).
  'sqlite3', 'rclone',
] as const;
export const SUITE = 'bookworm';

/** Outside the checkout: a cached rootfs survives `git clean` and is shared by every checkout. */
export const CACHE_DIR = process.env.POTION_SYSTEM_TEST_CACHE ?? '/var/cache/potion-runner-test';

/**
 * The Debian mirror this machine's apt already uses for `suite`, read from
 * /etc/apt/sources.list.d/*.sources (deb822) or sources.list. POTION_DEBIAN_MIRROR overrides.
 * The project never names a host itself.
 */
export function debianMirror(suite: string = SUITE): string {
  const fromEnv = process.env.POTION_DEBIAN_MIRROR;
  if (fromEnv) return fromEnv;
  const files: string[] = [];
  const dir = '/etc/apt/sources.list.d';
  if (existsSync(dir)) for (const f of readdirSync(dir).sort()) if (f.endsWith('.sources') || f.endsWith('.list')) files.push(join(dir, f));
  if (existsSync('/etc/apt/sources.list')) files.push('/etc/apt/sources.list');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name: string): string[] => (new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1] ?? '').split(/\s+/).filter(Boolean);
        if (!field('Types').includes('deb') || /^Enabled:\s*no/im.test(stanza)) continue;
        const uri = field('URIs').find((u) => /^https?:\/\//.test(u));
        if (uri && field('Suites').includes(suite)) return uri;
      }
    } else {
      for (const line of text.split('\n')) {
        const m = /^deb\s+(?:\[[^\]]*\]\s+)?(https?:\/\/\S+)\s+(\S+)/.exec(line.trim());
        if (m?.[1] && m[2] === suite) return m[1];
      }
    }
  }
  throw new Error(`no apt source for Debian ${suite} on this machine: set POTION_DEBIAN_MIRROR to a Debian mirror URL`);
}

/** The cache key: suite, architecture and package list. */
export function rootfsKey(): string {
  const arch = run('dpkg', ['--print-architecture']).stdout.trim() || process.arch;
  return createHash('sha256').update(JSON.stringify({ SUITE, arch, ROOTFS_PACKAGES })).digest('hex').slice(0, 16);
}

/**
 * The cached minimal rootfs, built with debootstrap on first use (a few minutes), then
 * reused. Built into a temporary folder and renamed, so an interrupted build is never used.
 */
export function cachedRootfs(log: (line: string) => void): string {
  const dir = join(CACHE_DIR, `bookworm-${rootfsKey()}`);
  if (existsSync(join(dir, 'etc/os-release'))) return dir;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const mirror = debianMirror();
  log(`building the rootfs cache ${dir} with debootstrap from ${mirror} (a few minutes, once)`);
  const r = run('debootstrap', ['--variant=minbase', `--include=${ROOTFS_PACKAGES.join(',')}`, SUITE, tmp, mirror], { timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`debootstrap failed (${r.code}): ${r.all.slice(-3000)}`);
  }
  // The rootfs has no network at run time: no apt list is needed, nor its caches.
  rmSync(join(tmp, 'var/cache/apt/archives'), { recursive: true, force: true });
  mkdirSync(join(tmp, 'var/cache/apt/archives/partial'), { recursive: true });
  try {
    renameSync(tmp, dir);
  } catch (err) {
    // Another run finished the same cache first: use its copy.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, 'etc/os-release'))) throw err;
  }
  return dir;
}

/** A private copy of the cached rootfs for one run, with this machine's node at /usr/bin/node. */
export function copyRootfs(cached: string, dest: string): void {
  const r = run('cp', ['-a', '--reflink=auto', `${cached}/.`, `${dest}/`], { timeout: 5 * 60_000 });
  if (r.code !== 0) throw new Error(`copying the rootfs failed: ${r.all}`);
  copyFileSync(process.execPath, join(dest, 'usr/bin/node'));
  chmodSync(join(dest, 'usr/bin/node'), 0o755);
}
