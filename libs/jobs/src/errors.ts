/** A job payload or meta did not match the registry's schema. Never retried. */
export class JobPayloadError extends Error {
  override name = 'JobPayloadError';
  constructor(
    readonly jobName: string,
    readonly issues: readonly string[],
  ) {
    super(`Invalid payload for job "${jobName}": ${issues.join('; ')}`);
  }
}
