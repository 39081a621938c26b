import { z } from 'zod';
import { jobProof } from './job-proof.js';
import { telegramId } from './schemas.js';

/** A request id: what the user reads back and the audit line names. */
export const REQUEST_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** The outbox job id of a pending message (meta.pendingJob). */
export const PENDING_JOB_RE = /^[A-Za-z0-9_.@-]{1,100}$/;
/** The longest scheduler or system name (requester). */
export const REQUESTER_NAME_MAX = 100;

/** Who asked for a job. Jobs from the scheduler or the system itself carry their name. */
export const requester = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('telegram'), userId: telegramId }),
  z.object({ kind: z.literal('scheduler'), name: z.string().min(1).max(REQUESTER_NAME_MAX) }),
  z.object({ kind: z.literal('system'), name: z.string().min(1).max(REQUESTER_NAME_MAX) }),
]);
export type Requester = z.infer<typeof requester>;

/** Carried by every job: who asked, where to answer, and a request id shown to the user. */
export const jobMeta = z.object({
  requestId: z.string().regex(REQUEST_ID_RE, 'request id must be 1-64 letters, digits, "_" or "-"'),
  by: requester,
  /** The chat to answer in; absent for scheduled jobs (they alert the admins instead). */
  chatId: telegramId.optional(),
  /** The pending message to edit with the outcome. */
  messageId: z.number().int().positive().optional(),
  /**
   * The outbox job that sends the pending message, when its message id is not known yet (the
   * bot queues the pending message and the job together): the outcome edits what it sent.
   */
  pendingJob: z.string().regex(PENDING_JOB_RE).optional(),
  /** Unix ms when the job was enqueued. */
  enqueuedAt: z.number().int().nonnegative(),
  /**
   * Mutating jobs only: the HMAC the bot (after an admin's confirmation) or the worker (its
   * own system jobs) put on the job; the worker refuses a mutating job without a valid one.
   */
  proof: jobProof.optional(),
});
export type JobMeta = z.infer<typeof jobMeta>;
