import { openDgramSender, type DgramSender } from './unix-dgram.js';

/**
 * The sd_notify(3) protocol in TypeScript: newline-separated KEY=VALUE lines in one datagram
 * to $NOTIFY_SOCKET. Used for READY=1 (Type=notify units), WATCHDOG=1 (WatchdogSec=) and
 * STOPPING=1. Outside systemd ($NOTIFY_SOCKET unset) there is no notifier and nothing is sent.
 */
export interface SdNotifier {
  /** The socket the manager listens on ("/run/systemd/notify" or "@abstract"). */
  readonly socketPath: string;
  /**
   * The watchdog timeout systemd set (WatchdogSec=), in ms; undefined when the watchdog is off
   * or WATCHDOG_PID names another process.
   */
  readonly watchdogMs: number | undefined;
  /** Sends e.g. { READY: '1', STATUS: 'ready' }; returns false (and never throws) when sending failed. */
  notify(fields: Readonly<Record<string, string>>): boolean;
  close(): void;
}

export interface OpenSdNotifyOptions {
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: process.pid (compared with WATCHDOG_PID). */
  pid?: number;
  /**
   * Remove NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from `env` once read, like
   * sd_notify's unset_environment, so commands the worker runs do not inherit them. Default true.
   */
  unsetEnvironment?: boolean;
  /** Called with the error when a send fails (the socket went away, the manager is busy). */
  onError?: (err: unknown) => void;
}

/** Formats one notify message; values may not contain a newline. */
export function formatNotify(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${v.replace(/\n/g, ' ')}`)
    .join('\n');
}

/** Reads WATCHDOG_USEC/WATCHDOG_PID as systemd sets them; undefined when the watchdog is not for this process. */
export function watchdogMsFromEnv(env: NodeJS.ProcessEnv, pid: number): number | undefined {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isFinite(usec) || usec <= 0) return undefined;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return usec / 1000;
}

export function openSdNotify(opts: OpenSdNotifyOptions = {}): SdNotifier | undefined {
  const env = opts.env ?? process.env;
  const socketPath = env.NOTIFY_SOCKET;
  const watchdogMs = watchdogMsFromEnv(env, opts.pid ?? process.pid);
  if (opts.unsetEnvironment !== false) {
    delete env.NOTIFY_SOCKET;
    delete env.WATCHDOG_USEC;
    delete env.WATCHDOG_PID;
  }
  if (!socketPath) return undefined;
  let sender: DgramSender | undefined;
  return {
    socketPath,
    watchdogMs,
    notify(fields) {
      try {
        sender ??= openDgramSender();
        sender.send(socketPath, Buffer.from(formatNotify(fields), 'utf8'));
        return true;
      } catch (err) {
        opts.onError?.(err);
        return false;
      }
    },
    close() {
      sender?.close();
      sender = undefined;
    },
  };
}
