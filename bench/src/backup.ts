// Backup benchmark: our snapshot (rsync + manifest + SHA256SUMS + syncfs) against bare rsync
// on the same generated tree, full and incremental (1% of the files changed), side by side.
// Sizes: BENCH_BACKUP_FILES (default 20000), BENCH_BACKUP_MB (default 1024); medians of
// BENCH_BACKUP_ROUNDS (default 3) rounds, each pair run in alternating order.
// Run: npm run build && node bench/dist/backup.js   (quick: BENCH_BACKUP_MB=100 BENCH_BACKUP_FILES=2000)
import { execFileSync } from 'node:child_process';
import { randomFillSync, randomInt } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, utimesSync, writeSync } from 'node:fs';
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

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<Record<string, number | string>> {
  const files = Number(process.env.BENCH_BACKUP_FILES ?? 20000);
  const totalBytes = Number(process.env.BENCH_BACKUP_MB ?? 1024) * MB;
  const rounds = Number(process.env.BENCH_BACKUP_ROUNDS ?? 3);
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
    const day = (n: number) => Date.UTC(2026, 10, 1 + n, 3);

    // Full backups: alternate which one goes first, wipe between rounds (not timed).
    const fullBare: number[] = [];
    const fullBareSync: number[] = [];
    const fullOurs: number[] = [];
    let full: Awaited<ReturnType<typeof createSnapshot>> | undefined;
    for (let r = 0; r < rounds; r += 1) {
      rmSync(bare, { recursive: true, force: true });
      rmSync(join(sb.backupDir, 'snapshots'), { recursive: true, force: true });
      mkdirSync(bare);
      sync();
      const doBare = () => {
        const t = timed(() => execFileSync('rsync', ['-a', `${sb.src}/`, join(bare, 'full/')]));
        fullBare.push(t);
        fullBareSync.push(t + timed(sync));
      };
      const doOurs = async () => {
        const [t, out] = await timedAsync(() => createSnapshot(opts(day(0))));
        fullOurs.push(t);
        full = out;
        sync();
      };
      if (r % 2 === 0) {
        doBare();
        await doOurs();
      } else {
        await doOurs();
        doBare();
      }
    }

    // Incremental backups: each round changes another 1% of the files (new bytes at the start,
    // same size, a new mtime); both link to their previous copy.
    const changed = Math.max(1, Math.round(files / 100));
    const incrBare: number[] = [];
    const incrBareSync: number[] = [];
    const incrOurs: number[] = [];
    let incr: Awaited<ReturnType<typeof createSnapshot>> | undefined;
    let changedBytes = 0;
    let prevBare = join(bare, 'full');
    const buf = Buffer.alloc(64 * 1024);
    for (let r = 0; r < rounds; r += 1) {
      changedBytes = 0;
      for (let k = 0; k < changed; k += 1) {
        // Every 100th file is a large one; pick small ones so 1% of files is not 1/3 of the bytes.
        const i = Math.min(files - 1, Math.floor((k * files) / changed) + 50 + r);
        randomFillSync(buf);
        const fd = openSync(fileOf(sb.src, i), 'r+');
        writeSync(fd, buf, 0, Math.min(buf.length, sizes[i]!), 0);
        closeSync(fd);
        utimesSync(fileOf(sb.src, i), new Date(), new Date(Date.now() + 5000 + r * 1000));
        changedBytes += sizes[i]!;
      }
      sync();
      const dest = join(bare, `incr${r}`);
      const doBare = () => {
        const t = timed(() => execFileSync('rsync', ['-a', '--delete', `--link-dest=${prevBare}`, `${sb.src}/`, `${dest}/`]));
        incrBare.push(t);
        incrBareSync.push(t + timed(sync));
        prevBare = dest;
      };
      const doOurs = async () => {
        const [t, out] = await timedAsync(() => createSnapshot(opts(day(1 + r))));
        incrOurs.push(t);
        incr = out;
        sync();
      };
      if (r % 2 === 0) {
        doBare();
        await doOurs();
      } else {
        await doOurs();
        doBare();
      }
    }

    const list = (xs: number[]) => xs.map((x) => Math.round(x)).join(' / ');
    return {
      files,
      totalMB: Math.round(totalBytes / MB),
      rounds,
      changedFilesPerRound: changed,
      changedMBPerRound: r2(changedBytes / MB),
      bareRsyncFullMs: Math.round(median(fullBare)),
      bareRsyncFullPlusSyncMs: Math.round(median(fullBareSync)),
      oursFullMs: Math.round(median(fullOurs)),
      fullRatio: r2(median(fullOurs) / median(fullBare)),
      fullRatioVsRsyncPlusSync: r2(median(fullOurs) / median(fullBareSync)),
      bareRsyncIncrMs: Math.round(median(incrBare)),
      bareRsyncIncrPlusSyncMs: Math.round(median(incrBareSync)),
      oursIncrMs: Math.round(median(incrOurs)),
      incrRatio: r2(median(incrOurs) / median(incrBare)),
      incrRatioVsRsyncPlusSync: r2(median(incrOurs) / median(incrBareSync)),
      fullHashedMB: r2((full?.summary.hashedBytes ?? 0) / MB),
      fullHashAfterCopyMs: full?.timings.hash ?? 0,
      incrHashedMB: r2((incr?.summary.hashedBytes ?? 0) / MB),
      incrHashAfterCopyMs: incr?.timings.hash ?? 0,
      incrReusedHashes: incr?.summary.reusedHashes ?? 0,
      allFullMs: `bare ${list(fullBare)} | ours ${list(fullOurs)}`,
      allIncrMs: `bare ${list(incrBare)} | ours ${list(incrOurs)}`,
      fullPhasesMs: JSON.stringify(full?.timings),
      incrPhasesMs: JSON.stringify(incr?.timings),
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
