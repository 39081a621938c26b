import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunOptions, RunResult, UnitState } from '@potion/adapters';
import { relayLines } from './lines.js';
import { relayJournal } from './relay.js';
import { statusText } from './status.js';

const entry = (o: Partial<Parameters<typeof relayLines>[0]>) => ({ unit: 'potion-runner-worker.service', message: '', priority: 6, realtimeUs: 2_000_000, cursor: 'c1', pid: 901, ...o });

test('a process line is relayed readable, with its name, and a pino error keeps its priority', () => {
  const line = JSON.stringify({ level: 30, time: '2026-12-06T06:00:00.000Z', name: 'worker', msg: 'worker ready', queue: 'ops' });
  assert.deepEqual(relayLines(entry({ message: line })), ['<6>worker:   INFO  worker ready  queue=ops']);
  const err = JSON.stringify({ level: 50, name: 'bot', msg: 'Telegram unreachable' });
  assert.deepEqual(relayLines(entry({ unit: 'potion-runner-bot.service', message: err })), ['<3>bot:      ERROR Telegram unreachable']);
});

test("systemd's messages and multi-line text are relayed line by line; other units give nothing", () => {
  assert.deepEqual(relayLines(entry({ unit: 'potion-runner-dashboard.service', message: 'Watchdog timeout (limit 1min)!', priority: 2, pid: 1 })), ['<2>dashboard: Watchdog timeout (limit 1min)!']);
  assert.deepEqual(relayLines(entry({ message: 'Error: boom\n    at main.js:1\n' })), ['<6>worker:   Error: boom', '<6>worker:       at main.js:1']);
  assert.deepEqual(relayLines(entry({ unit: 'ssh.service', message: 'hello' })), []);
});

const state = (unit: string, active: string, sub: string, mainPid?: number): UnitState => ({ unit, active, sub, load: 'loaded', found: true, ...(mainPid ? { mainPid } : {}) });

test('the status line names each process with its state and PID, and where to look when one is down', () => {
  const all = [state('potion-runner-worker.service', 'active', 'running', 901), state('potion-runner-bot.service', 'active', 'running', 902), state('potion-runner-dashboard.service', 'active', 'running', 903)];
  assert.equal(statusText(all), 'worker: active (running) PID 901 · bot: active (running) PID 902 · dashboard: active (running) PID 903');
  const down = [all[0]!, state('potion-runner-bot.service', 'failed', 'failed'), { unit: 'potion-runner-dashboard.service', active: 'inactive', sub: 'dead', load: 'not-found', found: false }];
  assert.equal(statusText(down), 'worker: active (running) PID 901 · bot: failed · dashboard: not installed (details: systemctl status potion-runner-bot potion-runner-dashboard)');
});

/** A runner that plays journalctl: each call prints the given JSON lines (split mid-line) and ends or waits for the abort. */
function fakeJournalctl(calls: Array<{ lines: object[]; follow: boolean }>, seen: string[][]) {
  return async (command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> => {
    seen.push([command, ...args]);
    const next = calls.shift() ?? { lines: [], follow: true };
    const text = next.lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    opts.onStdout?.(text.slice(0, 17));
    opts.onStdout?.(text.slice(17));
    if (next.follow) {
      await new Promise<void>((resolve) => (opts.signal?.aborted ? resolve() : opts.signal?.addEventListener('abort', () => resolve())));
      if (opts.signal?.aborted) throw new Error('canceled');
    }
    return { command, args, exitCode: 0, stdout: '', stderr: '', durationMs: 1 };
  };
}

const j = (cursor: string, us: number, message: string, unit = 'potion-runner-worker.service') => ({ __CURSOR: cursor, __REALTIME_TIMESTAMP: String(us), MESSAGE: message, _SYSTEMD_UNIT: unit, PRIORITY: '6' });

test('the relay skips what came before it started, resumes after its cursor when journalctl ends, and prints what is left when stopped', async () => {
  const seen: string[][] = [];
  const out: string[] = [];
  const stop = new AbortController();
  const run = fakeJournalctl([
    { lines: [j('a', 1_000_000, 'old'), j('b', 3_000_000, 'first')], follow: false },
    { lines: [j('c', 4_000_000, 'second', 'potion-runner-bot.service')], follow: true },
    { lines: [j('d', 5_000_000, 'last words')], follow: false },
  ], seen);
  const errors: unknown[] = [];
  const done = relayJournal({ run, write: (t) => out.push(t), sinceUs: 2_500_000, signal: stop.signal, retryMs: 1, onError: (e) => errors.push(e), onEntry: (e) => (e.cursor === 'c' ? stop.abort() : undefined) });
  await done;
  assert.deepEqual(out.join('').split('\n').filter(Boolean), ['<6>worker:   first', '<6>bot:      second', '<6>worker:   last words']);
  assert.deepEqual(seen[0]?.slice(0, 6), ['journalctl', '--follow', '--no-pager', '-o', 'json', '--since']);
  assert.equal(seen[0]?.[6], '@2');
  assert.deepEqual(seen[1]?.slice(5, 7), ['--after-cursor', 'b']);
  assert.deepEqual(seen[2]?.slice(0, 6), ['journalctl', '--no-pager', '-o', 'json', '--after-cursor', 'c']);
  assert.ok(seen.every((args) => ['potion-runner-worker.service', 'potion-runner-bot.service', 'potion-runner-dashboard.service'].every((u) => args.includes(u))));
  assert.equal(errors.length, 1, 'the first journalctl ending by itself is reported once');
});
