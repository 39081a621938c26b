import { randomBytes } from 'node:crypto';
import { isJobName, keys, type JobData, type JobName } from '@potion/jobs';
import type { Redis } from 'ioredis';
import { HOST_ID_PATTERN } from '@potion/platform';
import { z } from 'zod';

/** How long a ✅ button (or a typed YA) stays valid. */
export const CONFIRM_TTL_SEC = 120;

/** What a confirmation token stands for, stored in Redis under keys.confirm(token). */
const pendingAction = z.object({
  userId: z.number().int(),
  chatId: z.number().int(),
  job: z.string(),
  payload: z.record(z.string(), z.unknown()),
  /** The words for CONFIRM ("me-restart n8n.service"). */
  label: z.string(),
  /** The host the job goes to once confirmed (absent in a token from before issue 18: the bot's own). */
  host: z.string().regex(HOST_ID_PATTERN).optional(),
});
export type PendingAction<N extends JobName = JobName> = Omit<z.infer<typeof pendingAction>, 'job' | 'payload'> & { job: N; payload: JobData<N> };

/**
 * That a user consumed a confirmation token for this job and payload. Only `take` makes one
 * (a module-private set remembers them), so dispatch can tell a real confirmation from an
 * option a menu filled in by hand.
 */
export interface Confirmation {
  readonly userId: number;
  readonly job: JobName;
  readonly payload: unknown;
}
const consumed = new WeakSet<Confirmation>();

/** True when `c` came from a consumed token of this user for exactly this job and payload object. */
export function confirms(c: Confirmation | undefined, want: { userId: number; job: JobName; payload: unknown }): boolean {
  return c !== undefined && consumed.has(c) && c.userId === want.userId && c.job === want.job && c.payload === want.payload;
}

export type TakeResult =
  | { ok: true; action: PendingAction; confirmation: Confirmation }
  | { ok: false; reason: 'gone' | 'not-yours' };

/** The per-user pointer to the newest pending confirmation, for a typed "YA". */
const userKey = (userId: number) => keys.confirm(`user-${userId}`);

/**
 * Short-lived, single-use confirmation tokens. The token is random (96 bits, base64url),
 * so callback data cannot be guessed or forged; it is bound to the user and the action
 * in Redis, so a replayed, expired or other user's button does nothing.
 */
export class ConfirmTokens {
  constructor(private readonly redis: Redis, private readonly ttlSec = CONFIRM_TTL_SEC) {}

  async create<N extends JobName>(action: PendingAction<N>): Promise<string> {
    const token = randomBytes(12).toString('base64url');
    await this.redis
      .multi()
      .set(keys.confirm(token), JSON.stringify(action), 'EX', this.ttlSec)
      .set(userKey(action.userId), token, 'EX', this.ttlSec)
      .exec();
    return token;
  }

  /** Consumes the token for this user: succeeds at most once, and only for its owner. */
  async take(token: string, userId: number): Promise<TakeResult> {
    if (!/^[A-Za-z0-9_-]{16}$/.test(token)) return { ok: false, reason: 'gone' };
    const raw = await this.redis.get(keys.confirm(token));
    if (raw === null) return { ok: false, reason: 'gone' };
    const parsed = pendingAction.safeParse(JSON.parse(raw));
    if (!parsed.success || !isJobName(parsed.data.job)) return { ok: false, reason: 'gone' };
    if (parsed.data.userId !== userId) return { ok: false, reason: 'not-yours' };
    // DEL decides the race between two presses (or a press and a typed YA): one wins.
    const deleted = await this.redis.del(keys.confirm(token));
    if (deleted !== 1) return { ok: false, reason: 'gone' };
    await this.redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, userKey(userId), token);
    const action = parsed.data as PendingAction;
    const confirmation: Confirmation = Object.freeze({ userId, job: action.job, payload: action.payload });
    consumed.add(confirmation);
    return { ok: true, action, confirmation };
  }

  /** The token a typed "YA" from this user confirms, if any. */
  async latestOf(userId: number): Promise<string | undefined> {
    return (await this.redis.get(userKey(userId))) ?? undefined;
  }
}
