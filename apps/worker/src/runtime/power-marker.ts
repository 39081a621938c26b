import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '@potion/platform';

/**
 * Written just before a planned reboot/shutdown (host.reboot, host.shutdown, the battery
 * guard's shutdown); read once by the next start of the worker (`reportBoot` in boot-notice.ts).
 */
export const POWER_MARKER = 'planned-power.json';

export const powerMarker = z.object({
  action: z.enum(['reboot', 'shutdown']),
  /** Unix ms when the command was given. */
  at: z.number().int(),
  requestId: z.string(),
  /** Who asked, as `who()` writes it: `tg:1001`, `system:battery`. */
  by: z.string(),
  /** The job, so the worker does not also report it as "interrupted". */
  jobId: z.string(),
  /** The chat that asked, told too when it is not an admin's private chat. */
  chatId: z.number().int().optional(),
});
export type PowerMarker = z.infer<typeof powerMarker>;

export const markerPath = (dataDir: string) => join(dataDir, POWER_MARKER);

export async function writePowerMarker(dataDir: string, m: PowerMarker): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const p = markerPath(dataDir);
  // Write then rename, and the rename is what a power cut leaves or not: never half a file.
  await writeFileAtomic(p, JSON.stringify(m), { mode: 0o600 });
  return p;
}

/** The marker, or undefined when there is none or it cannot be read (then it is of no use). */
export async function readPowerMarker(dataDir: string): Promise<PowerMarker | undefined> {
  try {
    const r = powerMarker.safeParse(JSON.parse(await readFile(markerPath(dataDir), 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export async function removePowerMarker(dataDir: string): Promise<void> {
  // recursive: whatever sits at the path (even a folder) is consumed, never left to trip the next start.
  await rm(markerPath(dataDir), { force: true, recursive: true });
}
