import type { Config, Logger } from '@potion/platform';
import { hostPrefix } from './host-prefix.js';
import { hostKeys } from './keys.js';
import type { Producer } from './producer.js';
import { tellAdmins } from './tell-admins.js';
import { texts } from './texts.js';
import type { Redis } from 'ioredis';

/** Write errors that mean "no space or no writable disk", as opposed to a bug. */
const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);
const ALERT_EVERY_SEC = 3600;

export interface LogWriteAlertDeps {
  /** Who sends the alert (`worker`, `bot`): both write the logs, either may notice first. Default `worker`. */
  proc?: string;
  config: Config;
  log: Logger;
  redis: Redis;
  producer: Producer;
  now: () => number;
  /**
   * This host's name when the alert must name it (more than one host known: "🖥️ pi · " before
   * it), else undefined. Default: never named. A failure to read it sends the alert unnamed.
   */
  hostName?: () => Promise<string | undefined>;
}

/**
 * Called when actions.log (or, through the logger, runtime.log) cannot be written. The job goes on (an audit write never fails a
 * job), but the admins are told once an hour, in plain words with the command to check,
 * instead of the problem staying hidden in a log that cannot be written.
 */
export function logWriteAlert(deps: LogWriteAlertDeps): (err: Error, file?: string) => void {
  return (err, file = 'actions.log') => {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    deps.log.error({ err, logDir: deps.config.logDir }, `cannot write ${file}`);
    if (!DISK_CODES.has(code)) return;
    void (async () => {
      const now = deps.now();
      if ((await deps.redis.set(hostKeys(deps.config.hostId).logWriteAlert, String(now), 'EX', ALERT_EVERY_SEC, 'NX')) === null) return;
      // One per hour (the key above); the id names that hour's first failure.
      const name = await deps.hostName?.().catch((e: unknown): undefined => {
        deps.log.warn({ err: e }, 'cannot read the host name for the log-disk alert; sent without it');
        return undefined;
      });
      const text = hostPrefix(name) + texts.logDiskFull(deps.config.logDir, code);
      await tellAdmins(deps, { purpose: 'log-disk-full', id: now, text, kind: 'alert', requestId: 'log-disk-full', source: deps.proc ?? 'worker', now });
    })().catch((e: unknown) => deps.log.error({ err: e }, 'cannot send the log-disk alert'));
  };
}
