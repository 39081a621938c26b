import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindDgramReceiver } from '@potion/platform';

export interface NotifyMessage {
  /** performance.now() when the test read it (within pollMs of its arrival). */
  at: number;
  fields: Record<string, string>;
}

/** A stand-in for systemd's notify socket: a bound unix datagram socket the test reads. */
export interface StandinNotifySocket {
  /** Put this in the child's NOTIFY_SOCKET. */
  readonly path: string;
  readonly messages: readonly NotifyMessage[];
  /** Messages carrying KEY=VALUE, in arrival order. */
  having(key: string, value?: string): NotifyMessage[];
  close(): void;
}

/** Binds a notify socket in a fresh temp dir and polls it every `pollMs` (default 5). */
export function startNotifySocket(pollMs = 5): StandinNotifySocket {
  const dir = mkdtempSync(join(tmpdir(), 'potion-notify-'));
  const path = join(dir, 'notify.sock');
  const rx = bindDgramReceiver(path);
  const messages: NotifyMessage[] = [];
  const drain = () => {
    for (let m = rx.receive(); m; m = rx.receive()) {
      const fields: Record<string, string> = {};
      for (const line of m.toString('utf8').split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
      }
      messages.push({ at: performance.now(), fields });
    }
  };
  const timer = setInterval(drain, pollMs);
  return {
    path,
    messages,
    having: (key, value) => messages.filter((m) => key in m.fields && (value === undefined || m.fields[key] === value)),
    close() {
      clearInterval(timer);
      rx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
