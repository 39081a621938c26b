import type { z } from 'zod';

/**
 * The delivery promise a job needs decides its queue, because BullMQ's stalled-job
 * recovery (maxStalledCount) is a per-worker setting:
 * - `read`: read-only or idempotent; retried, run concurrently, re-run after a crash.
 * - `once`: changes the host and must not run twice; one at a time, never re-run after
 *   a crash (reported as interrupted instead).
 * - `backup`: one at a time, resumable.
 * - `notify`: the outbox, consumed by the bot.
 */
export type QueueKind = 'read' | 'once' | 'backup' | 'notify';
export const QUEUE_KINDS: readonly QueueKind[] = ['read', 'once', 'backup', 'notify'];

/** Who may ask for a job from Telegram. Mutating jobs are always `admin`. */
export type Access = 'viewer' | 'admin';

export interface JobDef<D extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, Q extends QueueKind = QueueKind> {
  queue: Q;
  data: D;
  result: R;
  access: Access;
  /** Changes the host: admin only, confirmation first, audited before it starts. */
  mutates: boolean;
  /**
   * Asked from Telegram, the bot wants a confirmation first even though the job does not
   * change the host in the worker's sense (no proof, may run on a schedule): e.g. deleting old
   * snapshots. Mutating jobs are always confirmed; see needsConfirmation in access.ts.
   */
  confirm?: boolean;
  /**
   * Changes what the app does or keeps (a setting, a mute, a schedule) without changing the
   * host: listed in ⚙️ Settings → 📜 Aktivitas like the mutating and confirmed jobs.
   */
  changes?: boolean;
  /** The payload field holding a systemd unit that must be in SERVICES_WHITELIST. */
  unitField?: string;
  /**
   * The unit field may be absent (logs of the app itself, the kernel). When present it is
   * checked against SERVICES_WHITELIST like any other; when absent nothing is checked.
   */
  unitOptional?: boolean;
  /** The payload field holding a container name that must be in DOCKER_WHITELIST (checked by the worker). */
  containerField?: string;
  /** Hard limit for one attempt. */
  timeoutMs: number;
  /** Tries in all (1 = never retried). */
  attempts: number;
  /** Base delay in ms of the exponential backoff between tries. Default: the queue's (queues.ts). */
  backoffMs?: number;
  /** One line for actions.log and the dashboard, in English. */
  audit: string;
}

/** Identity function that keeps the literal types of a job definition. */
export const defineJob = <D extends z.ZodType, R extends z.ZodType, Q extends QueueKind>(
  def: JobDef<D, R, Q>,
): JobDef<D, R, Q> => def;
