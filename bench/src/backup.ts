// Backup benchmark: our snapshot (rsync + manifest + SHA256SUMS + syncfs) against bare rsync
// on the same generated tree, full and incremental (1% of the files changed), side by side.
// Sizes: BENCH_BACKUP_FILES (default 20000) and BENCH_BACKUP_MB (default 1024).
// Run: npm run build && node bench/dist/backup.js   (quick: BENCH_BACKUP_MB=100 BENCH_BACKUP_FILES=2000)
import { execFileSync } from 'node:child_process';
import { randomFillSync, randomInt } from 'node:crypto';
import { closeSync, mkdirSync, openSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunner } from '@potion/adapters';
import { createBackupSandbox } from '@potion/testkit';
import { createSnapshot, resolveSources } from '@potion/worker';

const MB = 1024 * 1024;

const fileOf = (root: string, i: number) => join(root, `d${Math.floor(i / 200)}`, `s${Math.floor(i / 20) % 10}`, `f${i}.dat`);

/** Writes `files` files of varied size (many small, every 100th large) adding up to `totalBytes`. */
function generate(root: string, files: number, totalBytes: number): number[] {
  const pool = Buffer.alloc(8 * MB);
  randomFillSync(pool);
  const raw: number[] = [];
  for (let i = 0; i < files; i += 1) raw.push(i % 100 === 0 ? 20 : 0.1 + Math.random() * 0.5);
  const scale = totalBytes / raw.reduce((a, b) => a + b, 0);
  const sizes = raw.map((r) => Math.max(1, Math.round(r * scale)));
  for (let i = 0; i < files; i += 1) {
    if (i % 20 === 0) mkdirSync(join(root, `d${Math.floor(i / 200)}`, `s${Math.floor(i / 20) % 10}`), { recursive: true });
    const fd = openSync(fileOf(root, i), 'w');
    let left = sizes[i]!;
    while (left > 0) {
      const n = Math.min(left, pool.length);
      writeSync(fd, pool, randomInt(0, pool.length - n + 1), n);
      left -= n;
    }
    closeSync(fd);
  }
  return sizes;
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function run(): Promise<Record<string, number | string>> {
  const files = Number(process.env.BENCH_BACKUP_FILES ?? 20000);
  const totalBytes = Number(process.env.BENCH_BACKUP_MB ?? 1024) * MB;
  const sb = createBackupSandbox();
  try {
    const sizes = generate(sb.src, files, totalBytes);
    const sync = () => execFileSync('sync');
    // Same start for every run: the source in the page cache, nothing dirty.
    execFileSync('find', [sb.src, '-type', 'f', '-exec', 'cat', '{}', '+'], { stdio: ['ignore', 'ignore', 'inherit'] });
    sync();
    const runner = createRunner();
    const sources = await resolveSources(
      { sources: [sb.src], defaultSources: false, excludes: [], includeSecrets: false, time: '02:30', keepDaily: 14, keepWeekly: 8, stopServices: [] },
      sb.backupDir,
      sb.hdd,
    );
    const opts = (at: number) => ({
      backupDir: sb.backupDir,
      hddMount: sb.hdd,
      mountinfoPath: sb.mountinfo,
      timeZone: 'Asia/Jakarta',
      sources,
      trigger: 'manual' as const,
      runner,
      now: () => at,
    });
    const bare = join(sb.hdd, 'bare');
    mkdirSync(bare);

    const bareFull = timed(() => execFileSync('rsync', ['-a', `${sb.src}/`, join(bare, 'full/')]));
    const bareFullSync = bareFull + timed(sync);
    const [oursFull, full] = await timedAsync(() => createSnapshot(opts(Date.UTC(2026, 10, 24, 3))));
    sync();

    // Change 1% of the files: new bytes at the start, same size, a new mtime.
    const changed = Math.max(1, Math.round(files / 100));
    let changedBytes = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (let k = 0; k < changed; k += 1) {
      // Small files (every 100th file is a large one): 1% of the files, not 1/3 of the bytes.
      const i = Math.min(files - 1, Math.floor((k * files) / changed) + 50);
      randomFillSync(buf);
      const fd = openSync(fileOf(sb.src, i), 'r+');
      writeSync(fd, buf, 0, Math.min(buf.length, sizes[i]!), 0);
      closeSync(fd);
      utimesSync(fileOf(sb.src, i), new Date(), new Date(Date.now() + 5000));
      changedBytes += sizes[i]!;
    }
    sync();
    const bareIncr = timed(() => execFileSync('rsync', ['-a', '--delete', `--link-dest=${join(bare, 'full')}`, `${sb.src}/`, join(bare, 'incr/')]));
    const bareIncrSync = bareIncr + timed(sync);
    const [oursIncr, incr] = await timedAsync(() => createSnapshot(opts(Date.UTC(2026, 10, 25, 3))));

    return {
      files,
      totalMB: Math.round(totalBytes / MB),
      changedFiles: changed,
      changedMB: r2(changedBytes / MB),
      bareRsyncFullMs: Math.round(bareFull),
      bareRsyncFullPlusSyncMs: Math.round(bareFullSync),
      oursFullMs: Math.round(oursFull),
      fullRatio: r2(oursFull / bareFull),
      fullRatioVsRsyncPlusSync: r2(oursFull / bareFullSync),
      bareRsyncIncrMs: Math.round(bareIncr),
      bareRsyncIncrPlusSyncMs: Math.round(bareIncrSync),
      oursIncrMs: Math.round(oursIncr),
      incrRatio: r2(oursIncr / bareIncr),
      incrRatioVsRsyncPlusSync: r2(oursIncr / bareIncrSync),
      fullHashedMB: r2(full.summary.hashedBytes / MB),
      fullHashMs: full.timings.hash,
      incrHashedMB: r2(incr.summary.hashedBytes / MB),
      incrHashMs: incr.timings.hash,
      incrReusedHashes: incr.summary.reusedHashes,
      fullPhasesMs: JSON.stringify(full.timings),
      incrPhasesMs: JSON.stringify(incr.timings),
    };
  } finally {
    sb.cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await run();
  const w = Math.max(...Object.keys(r).map((k) => k.length));
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(w)}  ${v}`);
}
