import { keys } from '@potion/jobs';
import { z } from 'zod';
import type { Deps } from '../../runtime/context.js';
import { notifyChat, tellAdmins } from '../../runtime/outbox.js';
import { selfUpdateResultText } from './present.js';
import { readSelfUpdateStatus } from './status.js';

/** Who waits for the outcome of the self-update this worker started (deps.keys.selfUpdatePending). */
const pending = z.object({ chatId: z.number().int().optional(), requestId: z.string(), startedAt: z.number().int() });
type Pending = z.infer<typeof pending>;

/** Longer than the unit's TimeoutStartSec (45 min) plus the restart: then the unit is gone. */
const PENDING_TTL_SEC = 2 * 3600;
const GIVE_UP_MS = 60 * 60_000;
const POLL_MS = 1000;

export async function markSelfUpdatePending(deps: Deps, p: Pending): Promise<void> {
  await deps.redis.set(deps.keys.selfUpdatePending, JSON.stringify(p), 'EX', PENDING_TTL_SEC);
}

/** Tells the waiting chat (or, without one, the admins) once: the DEL decides who sends it. */
async function tell(deps: Deps, p: Pending, text: string): Promise<void> {
  if ((await deps.redis.del(deps.keys.selfUpdatePending)) !== 1) return;
  const now = deps.now();
  if (p.chatId === undefined) {
    await tellAdmins({ producer: deps.producer, config: deps.config }, { purpose: 'selfupdate', id: String(p.startedAt), text, kind: 'info', requestId: p.requestId, source: 'worker', now });
    return;
  }
  await notifyChat(deps.producer, {
    meta: { requestId: p.requestId, by: { kind: 'system', name: 'worker' }, chatId: p.chatId, enqueuedAt: now },
    msg: { text, kind: 'result', edit: false },
    jobId: `selfupdate.${p.startedAt}`,
    now,
  });
}

/** Not JSON reads as undefined, which the schema then refuses (the record is dropped). */
function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** One look: 'waiting' while the run goes on, 'done' once the chat was told (or nobody waits). */
export async function followOnce(deps: Deps): Promise<'waiting' | 'done'> {
  const raw = await deps.redis.get(deps.keys.selfUpdatePending);
  if (raw === null) return 'done';
  const parsed = pending.safeParse(parseJson(raw));
  if (!parsed.success) {
    await deps.redis.del(deps.keys.selfUpdatePending);
    return 'done';
  }
  const p = parsed.data;
  const s = await readSelfUpdateStatus(deps.config.selfUpdateDir);
  // The script's run id is the time it started (same clock), after the job marked the pending record.
  if (s && s.id >= p.startedAt && s.phase === 'done') {
    deps.log.info({ module: 'worker:selfupdate', outcome: s.outcome, running: s.running?.hash, target: s.target?.hash, error: s.error }, 'self-update finished');
    await tell(deps, p, selfUpdateResultText(s));
    return 'done';
  }
  if (deps.now() - p.startedAt > GIVE_UP_MS) {
    await tell(deps, p, '❓ Update potion-runner tidak memberi kabar dalam 1 jam. Cek: journalctl -u potion-runner-selfupdate');
    return 'done';
  }
  return 'waiting';
}

let following = false;

/**
 * Follows root's status file until the run is done and tells the chat which version runs.
 * Started by selfupdate.run, and at every worker start (the worker the update's restart
 * started finds the pending record and carries on). Never throws; one loop per process.
 */
export function followSelfUpdate(deps: Deps): void {
  if (following) return;
  following = true;
  const tick = () => {
    followOnce(deps)
      .catch((err: unknown) => {
        deps.log.warn({ module: 'worker:selfupdate', err }, 'could not check the self-update status; trying again');
        return 'waiting' as const;
      })
      .then((state) => {
        if (state === 'done') following = false;
        else setTimeout(tick, POLL_MS).unref();
      })
      .catch(() => undefined);
  };
  setTimeout(tick, POLL_MS).unref();
}
