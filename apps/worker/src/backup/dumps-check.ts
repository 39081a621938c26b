import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256FileWithStat } from '@potion/adapters';
import { DUMPS_DIR } from './layout.js';
import type { DumpEntry } from './manifest.js';

export interface DumpsCheck {
  missing: string[];
  changed: string[];
  extra: string[];
  hashedFiles: number;
  hashedBytes: number;
}

/**
 * Checks a snapshot's dumps/ against its manifest: every dump is hashed in both verify modes
 * (they are few, and they are the only trustworthy copy of a live database). Names read
 * `dumps/<file>`, as in SHA256SUMS.
 */
export async function checkDumps(snapshotPath: string, dumps: readonly DumpEntry[], signal?: AbortSignal): Promise<DumpsCheck> {
  const dir = join(snapshotPath, DUMPS_DIR);
  const onDisk = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const out: DumpsCheck = { missing: [], changed: [], extra: [], hashedFiles: 0, hashedBytes: 0 };
  const listed = new Set(dumps.map((d) => d.file));
  out.extra = onDisk.filter((n) => !listed.has(n)).map((n) => `${DUMPS_DIR}/${n}`);
  for (const d of dumps) {
    const name = `${DUMPS_DIR}/${d.file}`;
    if (!onDisk.includes(d.file)) {
      out.missing.push(name);
      continue;
    }
    const h = await sha256FileWithStat(join(dir, d.file), signal).catch(() => undefined);
    if (!h) {
      out.changed.push(name);
      continue;
    }
    out.hashedFiles += 1;
    out.hashedBytes += h.bytes;
    if (h.sha256 !== d.sha256 || h.size !== d.size || h.mtimeNs !== d.mtimeNs || h.mode !== d.mode) out.changed.push(name);
  }
  return out;
}
