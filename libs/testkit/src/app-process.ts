import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IP } from './netns-ip.js';
import { reapOnExit, reaped } from './reaper.js';

/**
 * Entry points of the built apps, for tests that run the real processes: resolved through each
 * package's `exports` (`@potion/bot/main`), never a path into another package's folder.
 */
export const APP_MAIN = {
  bot: fileURLToPath(import.meta.resolve('@potion/bot/main')),
  worker: fileURLToPath(import.meta.resolve('@potion/worker/main')),
} as const;

export interface AppProcess {
  child: ChildProcess;
  /** stdout and stderr so far (JSON log lines). */
  output: () => string;
  /** Resolves when the process has exited and all its output has been read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. Safe to call twice. */
  stop: (graceMs?: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node <main>` with exactly this environment added to PATH/HOME of the test, and
 * `nodeArgs` (Node and V8 flags, e.g. `npm start`'s NODE_FLAGS) before the script; `netns` runs
 * it inside a test host's network namespace (NetHost.ns of createNetHosts).
 */
export function startAppProcess(main: string, env: Record<string, string>, opts: { nodeArgs?: readonly string[]; netns?: string } = {}): AppProcess {
  const node = [process.execPath, ...(opts.nodeArgs ?? []), main];
  // In a test host's network namespace (netns.ts): ip execs node in place, so the pid and the
  // signals are node's own.
  const [cmd, ...args] = opts.netns ? [IP, 'netns', 'exec', opts.netns, ...node] : node;
  const child = spawn(cmd!, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  reapOnExit(child.pid);
  child.once('exit', () => reaped(child.pid));
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  // 'close', not 'exit': 'exit' can come before the last output is read from the pipes, and a
  // test that checks what the process said while stopping would then miss it (seen under load).
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    output: () => out,
    exited,
    stop: async (graceMs = 5000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const r = await exited;
        clearTimeout(timer);
        return r;
      }
      return exited;
    },
  };
}
