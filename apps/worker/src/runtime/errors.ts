import { htmlToText, type Text } from '@potion/jobs';
/**
 * Every error class of the worker, grouped by where the call failed (as grammY's core/error.ts
 * groups its errors). Each takes its message first and an options object, never a row of
 * positional flags. Failures of the other packages stay in their package: a command that failed
 * is `CommandError` (libs/adapters), a payload that fails its schema is `JobPayloadError`
 * (libs/jobs). Which of them are retried is decided in one place: retry-policy.ts.
 */

export interface WorkerErrorOptions {
  /** The error that led to this one, kept for runtime.log. */
  cause?: unknown;
}

// --- Before the job ran: the job was refused --------------------------------------------------

export interface AccessDeniedOptions extends WorkerErrorOptions {
  /** What the user reads instead of the result (Indonesian, already worded). */
  userText: string;
}

/** The permission or whitelist check refused a job (never retried; the user reads `userText`). */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
  readonly userText: string;
  constructor(message: string, opts: AccessDeniedOptions) {
    super(message, { cause: opts.cause });
    this.userText = opts.userText;
  }
}

// --- While the job ran: the handler failed in a way the user can act on -----------------------

export interface UserFacingOptions extends WorkerErrorOptions {
  /** Another attempt would fail the same way: not retried. Default true. */
  permanent?: boolean;
  /** False when the text says what to do instead, and "try again later" would be wrong (a full disk). Default true. */
  retryLater?: boolean;
}

/** A failure written for the user: the message is what they read in DONE_FAIL. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  /** What the user reads, as plain text (logs, result notes). */
  readonly userText: string;
  /** The same for the chat, with its formatting when it has any (commands as code). */
  readonly text: Text;
  readonly permanent: boolean;
  readonly retryLater: boolean;
  constructor(text: Text, opts: UserFacingOptions = {}) {
    const plain = typeof text === 'string' ? text : htmlToText(text.markup);
    super(plain, { cause: opts.cause });
    this.userText = plain;
    this.text = text;
    this.permanent = opts.permanent ?? true;
    this.retryLater = opts.retryLater ?? true;
  }
}

export interface BackupBusyOptions extends WorkerErrorOptions {
  /** Who holds the backup lock (`backup scheduled`, `safety snapshot`, `prune`...). */
  what: string;
}

/** Another backup, safety snapshot or prune holds the lock (backup/lock.ts). */
export class BackupBusyError extends UserFacingError {
  override name = 'BackupBusyError';
  readonly what: string;
  constructor(opts: BackupBusyOptions) {
    super(`Masih ada proses backup lain yang jalan (${opts.what}). Tunggu selesai dulu ya, nanti coba lagi.`, { permanent: true, cause: opts.cause });
    this.what = opts.what;
  }
}

// --- Around the job: the wrapper stopped it -----------------------------------------------------

export interface JobTimeoutOptions extends WorkerErrorOptions {
  /** The registry's timeout of the job, in ms. */
  timeoutMs: number;
}

/** The job ran past its registry timeout; its AbortSignal fired with this error (run-job.ts). */
export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
  readonly timeoutMs: number;
  constructor(opts: JobTimeoutOptions) {
    super(`the job took longer than ${Math.round(opts.timeoutMs / 1000)} s and was stopped`, { cause: opts.cause });
    this.timeoutMs = opts.timeoutMs;
  }
}
