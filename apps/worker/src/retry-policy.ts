import { CommandError } from '@potion/adapters';
import { JobPayloadError } from '@potion/jobs';
import { UnrecoverableError } from 'bullmq';

/** Raised by the wrapper when the permission or whitelist check refuses a job. */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
  constructor(message: string, readonly userText: string) {
    super(message);
  }
}

/** A failure that will not go away by trying again, written for the user. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  /** False when the text says what to do instead, and "try again later" would be wrong (a full disk). */
  readonly retryLater: boolean;
  constructor(readonly userText: string, readonly permanent = true, opts: { retryLater?: boolean } = {}) {
    super(userText);
    this.retryLater = opts.retryLater ?? true;
  }
}

/**
 * Which failures are permanent (never retried) and which are worth another attempt. A bad
 * payload, a refusal, a command that is not installed or that sudo refuses will fail the
 * same way again; a timeout or a transient exit might not.
 */
export function isPermanent(err: unknown): boolean {
  if (err instanceof UnrecoverableError || err instanceof JobPayloadError || err instanceof AccessDeniedError) return true;
  if (err instanceof UserFacingError) return err.permanent;
  if (err instanceof CommandError) {
    if (err.failure === 'not-found' || err.failure === 'aborted' || err.failure === 'output-too-large') return true;
    // sudo -n without a matching rule: "a password is required" (exit 1).
    if (err.command === 'sudo' && /password is required|not allowed|may not run/i.test(err.stderrTail)) return true;
  }
  return false;
}
