import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@potion/platform';
import { z } from 'zod';

/**
 * Whether this installation ever saw the HDD mounted at HDD_MOUNT, kept in DATA_DIR (it must
 * outlive Redis): an HDD that was never mounted (hdd-setup.sh not run yet, or HDD_MOUNT
 * pointing elsewhere) is told differently from one that was there and is gone.
 */
export const HDD_SEEN_FILE = 'hdd-seen.json';

const seenFile = z.object({ mount: z.string(), at: z.number() });

/** True when the HDD is mounted now or was seen mounted at this path before; records the first sight. */
export async function hddSeenMounted(o: { dataDir: string; mount: string; mountedNow: boolean; now: number }): Promise<boolean> {
  const file = join(o.dataDir, HDD_SEEN_FILE);
  const raw = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  const parsed = raw === undefined ? undefined : seenFile.safeParse(JSON.parse(raw));
  const seen = parsed?.success === true && parsed.data.mount === o.mount;
  if (o.mountedNow && !seen) await writeFileAtomic(file, JSON.stringify({ mount: o.mount, at: o.now }) + '\n');
  return seen || o.mountedNow;
}
