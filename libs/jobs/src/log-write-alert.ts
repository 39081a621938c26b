import type { Config, Logger } from '@potion/platform';
import { keys } from './keys.js';
import type { Producer } from './producer.js';
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
      if ((await deps.redis.set(keys.logWriteAlert, String(deps.now()), 'EX', ALERT_EVERY_SEC, 'NX')) === null) return;
      for (const chatId of deps.config.adminIds) {
        await deps.producer.enqueue(
          'notify.send',
          { chatId, text: texts.logDiskFull(deps.config.logDir, code), kind: 'alert', createdAt: deps.now() },
          { requestId: 'log-disk-full', by: { kind: 'system', name: deps.proc ?? 'worker' }, enqueuedAt: deps.now() },
        );
      }
    })().catch((e: unknown) => deps.log.error({ err: e }, 'cannot send the log-disk alert'));
  };
}
