import { z } from 'zod';
import { jobProof } from './job-proof.js';
import { telegramId } from './schemas.js';

/** Who asked for a job. Jobs from the scheduler or the system itself carry their name. */
export const requester = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('telegram'), userId: telegramId }),
  z.object({ kind: z.literal('scheduler'), name: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('system'), name: z.string().min(1).max(100) }),
]);
export type Requester = z.infer<typeof requester>;

/** Carried by every job: who asked, where to answer, and a request id shown to the user. */
export const jobMeta = z.object({
  requestId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'request id must be 1-64 letters, digits, "_" or "-"'),
  by: requester,
  /** The chat to answer in; absent for scheduled jobs (they alert the admins instead). */
  chatId: telegramId.optional(),
  /** The pending message to edit with the outcome. */
  messageId: z.number().int().positive().optional(),
  /**
   * The outbox job that sends the pending message, when its message id is not known yet (the
   * bot queues the pending message and the job together): the outcome edits what it sent.
   */
  pendingJob: z.string().regex(/^[A-Za-z0-9_.@-]{1,100}$/).optional(),
  /** Unix ms when the job was enqueued. */
  enqueuedAt: z.number().int().nonnegative(),
  /**
   * Mutating jobs only: the HMAC the bot (after an admin's confirmation) or the worker (its
   * own system jobs) put on the job; the worker refuses a mutating job without a valid one.
   */
  proof: jobProof.optional(),
});
export type JobMeta = z.infer<typeof jobMeta>;
