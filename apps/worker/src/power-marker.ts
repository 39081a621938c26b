import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { queueName, keys, texts } from '@potion/jobs';
import { z } from 'zod';
import type { Deps } from './context.js';
import { clock, shortDuration } from './format.js';

/** Written just before a planned reboot/shutdown; read by the next start of the worker. */
export const POWER_MARKER = 'planned-power.json';

export const powerMarker = z.object({
  action: z.enum(['reboot', 'shutdown']),
  /** Unix ms when the command was given. */
  at: z.number().int(),
  requestId: z.string(),
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
  await writeFile(`${p}.tmp`, JSON.stringify(m), { mode: 0o600 });
  await rename(`${p}.tmp`, p);
  return p;
}

export async function removePowerMarker(dataDir: string): Promise<void> {
  await rm(markerPath(dataDir), { force: true });
}

export type PowerBack = { kind: 'none' } | { kind: 'back' | 'not-happened'; marker: PowerMarker; downtimeMs: number; chats: number[] };

/**
 * At start: if a planned reboot/shutdown marker exists, tell the admins (and the chat that
 * asked) "server sudah nyala lagi" with the downtime, or, when the machine did not go down
 * (boot time is older than the request), that the command did not take effect. The notify
 * job ids come from the request, so a crash between enqueue and removal sends nothing twice.
 */
export async function reportPowerBack(deps: Deps, bootTimeMs: number): Promise<PowerBack> {
  const log = deps.log.child({ module: 'worker:power' });
  const p = markerPath(deps.config.dataDir);
  let raw: string;
  try {
    raw = await readFile(p, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  const parsed = powerMarker.safeParse((() => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  })());
  if (!parsed.success) {
    log.warn({ file: p }, 'unreadable planned-power marker removed');
    await rm(p, { force: true });
    return { kind: 'none' };
  }
  const m = parsed.data;
  const now = deps.now();
  // The power job itself may have been cut short by the shutdown: it is not "interrupted".
  await deps.redis.sadd(keys.interruptedReported, `${queueName('once', deps.config.hostId)}:${m.jobId}`);
  const happened = bootTimeMs >= m.at - 5000;
  const at = clock(m.at, deps.config.timezone, true);
  const downtimeMs = Math.max(0, now - m.at);
  const text = happened ? texts.powerBack(m.action, shortDuration(downtimeMs), at) : texts.powerNotHappened(m.action, at);
  const chats = [...new Set([...deps.config.adminIds, ...(m.chatId !== undefined ? [m.chatId] : [])])];
  for (const chatId of chats) {
    await deps.producer.enqueue(
      'notify.send',
      { chatId, text, kind: 'info', createdAt: now },
      { requestId: m.requestId, by: { kind: 'system', name: 'worker' }, enqueuedAt: now },
      { jobId: `power-back.${m.requestId}.${chatId}`.replace(/[^A-Za-z0-9_.@-]/g, '_') },
    );
  }
  await rm(p, { force: true });
  log.info({ action: m.action, downtimeMs, happened }, happened ? 'back after a planned power action' : 'planned power action did not happen');
  return { kind: happened ? 'back' : 'not-happened', marker: m, downtimeMs, chats };
}
