/**
 * A value in the environment or `.env` is missing or wrong. The message names the
 * variable, what is wrong and how to fix it, so it can be printed as is.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly problems: readonly { variable: string; problem: string; fix: string }[],
    readonly source: string,
  ) {
    super(
      `Configuration problem (${source}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem}. Fix: ${p.fix}`).join('\n'),
    );
  }
}

/** Redis is not usable as a durable queue (eviction on, unreachable, came back empty). */
export class RedisSetupError extends Error {
  override name = 'RedisSetupError';
  constructor(message: string, readonly fix: string) {
    super(`${message}. Fix: ${fix}`);
  }
}
