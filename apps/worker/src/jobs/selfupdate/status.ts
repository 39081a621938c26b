import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const commitLine = z.string().transform((s) => {
  const space = s.indexOf(' ');
  return space < 0 ? { hash: s, subject: '' } : { hash: s.slice(0, space), subject: s.slice(space + 1) };
});

/** The outcomes deploy/self-update.sh ends with (phase `done`). */
export const SELF_UPDATE_OUTCOMES = ['updated', 'rolled-back', 'build-failed', 'up-to-date', 'failed'] as const;

/** The key=value lines root's deploy/self-update.sh writes to SELF_UPDATE_DIR/status. */
export const selfUpdateStatus = z.object({
  /** The run: Unix ms when it started. */
  id: z.coerce.number().int(),
  /** Unix ms of this write. */
  at: z.coerce.number().int(),
  phase: z.enum(['fetching', 'building', 'restarting', 'checking', 'rolling-back', 'done']),
  outcome: z.enum(SELF_UPDATE_OUTCOMES).optional(),
  /** The build that runs (after `done`: the one that runs now). */
  running: commitLine.optional(),
  /** The build the run went for. */
  target: commitLine.optional(),
  error: z.string().optional(),
});
export type SelfUpdateStatus = z.infer<typeof selfUpdateStatus>;

/** A run this old that never reached `done` died with its unit (TimeoutStartSec is 45 min). */
export const STALE_RUN_MS = 50 * 60_000;

/** Parses the status file's text; undefined when it is not a status the script wrote. */
export function parseSelfUpdateStatus(text: string): SelfUpdateStatus | undefined {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
  }
  const r = selfUpdateStatus.safeParse(fields);
  return r.success ? r.data : undefined;
}

/** The status file, or undefined when there is none yet (or it cannot be read). */
export async function readSelfUpdateStatus(dir: string): Promise<SelfUpdateStatus | undefined> {
  const text = await readFile(join(dir, 'status'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseSelfUpdateStatus(text);
}

/** A run is going on (started, not done, not given up on). */
export const runInProgress = (s: SelfUpdateStatus | undefined, now: number): boolean => s !== undefined && s.phase !== 'done' && now - s.at < STALE_RUN_MS;
