import type { Logger } from 'pino';
import { openSdNotify } from './sd-notify.js';
import { startWatchdog, type WatchdogHandle } from './watchdog.js';

/** What a process main tells systemd; every call is a no-op outside systemd. */
export interface ServiceNotify {
  /** READY=1 (the unit becomes active) and, when WatchdogSec= is set, starts the loop-aware ping. */
  ready(status?: string): void;
  /** STATUS=text, shown by `systemctl status`. */
  status(text: string): void;
  /** STOPPING=1 and stops the watchdog ping. */
  stopping(): void;
  /** True when running under systemd with a notify socket. */
  readonly enabled: boolean;
}

export interface ServiceNotifyOptions {
  log: Logger;
  /** Default: process.env (the notify variables are removed from it once read). */
  env?: NodeJS.ProcessEnv;
  /** Override the lag that counts as a stuck loop, in ms (default: half of WatchdogSec). */
  maxLagMs?: number;
}

/** Wires a process to systemd's Type=notify and WatchdogSec= (units in deploy/systemd/). */
export function serviceNotify(opts: ServiceNotifyOptions): ServiceNotify {
  const log = opts.log.child({ module: 'jobs:sd-notify' });
  let failures = 0;
  const notifier = openSdNotify({
    env: opts.env ?? process.env,
    onError: (err) => {
      // One line per failure streak: a gone socket would otherwise log every ping.
      if (failures++ === 0) log.warn({ err }, 'cannot reach the systemd notify socket');
    },
  });
  let watchdog: WatchdogHandle | undefined;
  const send = (fields: Record<string, string>) => {
    if (notifier?.notify(fields)) failures = 0;
  };
  return {
    enabled: notifier !== undefined,
    ready(status = 'ready') {
      if (!notifier) return;
      send({ READY: '1', STATUS: status });
      if (notifier.watchdogMs !== undefined && !watchdog) {
        watchdog = startWatchdog(
          () => send({ WATCHDOG: '1' }),
          { watchdogMs: notifier.watchdogMs, ...(opts.maxLagMs !== undefined ? { maxLagMs: opts.maxLagMs } : {}) },
          (lagMs) => log.error({ lagMs: Math.round(lagMs) }, 'event loop was stuck: watchdog ping withheld, systemd will restart this process'),
        );
        log.info({ watchdogMs: notifier.watchdogMs }, 'systemd watchdog ping started');
      }
    },
    status(text) {
      if (notifier) send({ STATUS: text });
    },
    stopping() {
      watchdog?.stop();
      watchdog = undefined;
      if (notifier) send({ STOPPING: '1' });
    },
  };
}
