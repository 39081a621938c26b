import { deepStrictEqual } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createRunner } from '@potion/adapters';
import type { BackupSandbox } from '@potion/testkit';
import { createSnapshot, resolveSources, type SnapshotOptions, type Trigger } from '@potion/worker';

export const runner = createRunner();

export interface SnapOpts {
  trigger?: Trigger;
  now?: () => number;
  mountinfo?: string;
  skipSpaceCheck?: boolean;
  sources?: string[];
  signal?: AbortSignal;
}

/** Options for createSnapshot on a sandbox: sources = sandbox.src unless given. */
export async function snapshotOptions(sb: BackupSandbox, o: SnapOpts = {}): Promise<SnapshotOptions> {
  const sources = await resolveSources(
    { sources: o.sources ?? [sb.src], defaultSources: false, excludes: [], includeSecrets: false, time: '02:30', keepDaily: 14, keepWeekly: 8, stopServices: [] },
    sb.backupDir,
    sb.hdd,
  );
  return {
    backupDir: sb.backupDir,
    hddMount: sb.hdd,
    mountinfoPath: o.mountinfo ?? sb.mountinfo,
    timeZone: 'Asia/Jakarta',
    sources,
    trigger: o.trigger ?? 'manual',
    runner,
    now: o.now ?? Date.now,
    ...(o.skipSpaceCheck ? { skipSpaceCheck: true } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
}

export async function snap(sb: BackupSandbox, o: SnapOpts = {}) {
  return createSnapshot(await snapshotOptions(sb, o));
}

/** `cd dir && sha256sum -c --quiet SHA256SUMS`: throws with its output when a line fails. */
export function sha256sumCheck(dir: string): void {
  execFileSync('sha256sum', ['-c', '--quiet', '--strict', 'SHA256SUMS'], { cwd: dir, stdio: 'pipe' });
}

/** Everything a user would compare after a restore: type, mode, mtime, content hash, link target. */
export function describeTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const rootB = Buffer.from(root);
  const visit = (rel: Buffer) => {
    const abs = rel.length ? Buffer.concat([rootB, Buffer.from('/'), rel]) : rootB;
    for (const n of readdirSync(abs, { encoding: 'buffer' }) as Buffer[]) {
      const r = rel.length ? Buffer.concat([rel, Buffer.from('/'), n]) : n;
      const p = Buffer.concat([rootB, Buffer.from('/'), r]);
      const st = lstatSync(p, { bigint: true });
      const mode = (st.mode & 0o7777n).toString(8);
      let what: string;
      if (st.isSymbolicLink()) what = `l ${mode} ${(readlinkSync(p, { encoding: 'buffer' }) as Buffer).toString('hex')}`;
      else if (st.isDirectory()) what = `d ${mode}`;
      else what = `f ${mode} ${st.mtimeNs} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
      out.set(r.toString('hex'), what);
      if (st.isDirectory()) visit(r);
    }
  };
  visit(Buffer.alloc(0));
  return out;
}

export function snapshotDirs(backupDir: string): string[] {
  return readdirSync(join(backupDir, 'snapshots')).sort();
}

/** Changes a file's bytes in place, keeping its size and its timestamps to the nanosecond (bit rot on the HDD). */
export function rot(path: string): void {
  const ref = `${path}.ref`;
  execFileSync('cp', ['-p', path, ref]);
  const bytes = readFileSync(path);
  bytes[0] = bytes[0] === 0x58 ? 0x59 : 0x58;
  writeFileSync(path, bytes);
  execFileSync('touch', ['-r', ref, path]);
  rmSync(ref);
}

/**
 * Checks a snapshot's manifest.json against the copy on disk, found by an independent walk
 * here (folder first, names sorted bytewise): the same entries in the same order, each with
 * the type, size, mtime, mode, inode and link target the disk shows, and the sha256 of each
 * file's bytes. Returns the number of entries.
 */
export async function assertManifestMatchesDisk(snapshotPath: string): Promise<number> {
  const { readManifest, decodePath } = await import('@potion/worker');
  const m = await readManifest(join(snapshotPath, 'manifest.json'));
  const root = Buffer.from(join(snapshotPath, 'data'));
  const disk: string[] = [];
  const visit = (rel: Buffer) => {
    const abs = rel.length ? Buffer.concat([root, Buffer.from('/'), rel]) : root;
    const names = (readdirSync(abs, { encoding: 'buffer' }) as Buffer[]).sort(Buffer.compare);
    for (const n of names) {
      const r = rel.length ? Buffer.concat([rel, Buffer.from('/'), n]) : n;
      const p = Buffer.concat([root, Buffer.from('/'), r]);
      const st = lstatSync(p, { bigint: true });
      const t = st.isFile() ? 'f' : st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'o';
      const target = t === 'l' ? (readlinkSync(p, { encoding: 'buffer' }) as Buffer).toString('hex') : '';
      const sha = t === 'f' ? createHash('sha256').update(readFileSync(p)).digest('hex') : '';
      disk.push([r.toString('hex'), t, t === 'f' ? st.size : 0, st.mtimeNs, (st.mode & 0o7777n).toString(8), st.ino, target, sha].join(' '));
      if (t === 'd') visit(r);
    }
  };
  visit(Buffer.alloc(0));
  const listed = m.entries.map((e) =>
    [decodePath(e).toString('hex'), e.t, e.size, e.mtimeNs, e.mode.toString(8), e.ino, e.target ? decodePath(e.target).toString('hex') : '', e.sha256 ?? ''].join(' '),
  );
  deepStrictEqual(listed, disk, `manifest of ${snapshotPath} matches the disk`);
  return disk.length;
}
