// deploy/umbrella/potion-runner-umbrella.pl: the process of potion-runner.service (issue 17
// point 1, made light for issue 20). The real-systemd test runs it under systemd; here its
// relay, its status line and its loop are checked with journalctl and systemctl stand-ins
// (a test cannot have a journal with the app's units) and a stand-in notify socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNotifySocket, waitFor } from '@potion/testkit';
import { REPO, run } from '../harness/deploy-helpers.js';

const SCRIPT = join(REPO, 'deploy', 'umbrella', 'potion-runner-umbrella.pl');
const UNITS = ['potion-runner-worker.service', 'potion-runner-bot.service', 'potion-runner-dashboard.service'];

let n = 0;
/** One `journalctl -o json` line. */
function entry(o: Record<string, unknown>): string {
  n += 1;
  return JSON.stringify({ __CURSOR: `c${n}`, __REALTIME_TIMESTAMP: '2000000', __MONOTONIC_TIMESTAMP: '5000', PRIORITY: '6', _PID: '901', _SYSTEMD_UNIT: UNITS[0], ...o });
}

function relay(lines: string[]): string[] {
  const r = run('perl', [SCRIPT, '--relay'], { input: `${lines.join('\n')}\n` });
  assert.equal(r.code, 0, r.all);
  assert.equal(r.stderr, '', 'no Perl warnings');
  return r.stdout.split('\n').filter(Boolean);
}

test('a process line is relayed readable, with its name, and a pino error keeps its priority', () => {
  const info = JSON.stringify({ level: 30, time: '2026-12-06T06:00:00.000Z', name: 'worker', msg: 'worker ready', queue: 'ops' });
  const err = JSON.stringify({ level: 50, name: 'bot', msg: 'Telegram unreachable' });
  const warn = JSON.stringify({ level: 40, module: 'backup', msg: 'say "hi" ü', err: { type: 'Error', message: 'disk {full}', stack: 'x' }, n: [1, { a: '}' }], long: 'x'.repeat(130) });
  assert.deepEqual(relay([entry({ MESSAGE: info }), entry({ _SYSTEMD_UNIT: UNITS[1], MESSAGE: err }), entry({ MESSAGE: warn })]), [
    '<6>worker:   INFO  worker ready  queue=ops',
    '<3>bot:      ERROR Telegram unreachable',
    `<4>worker:   WARN  [backup] say "hi" ü  err="disk {full}" n=[1,{"a":"}"}] long=${'x'.repeat(120)}…`,
  ]);
});

test("systemd's messages, multi-line and non-UTF-8 text are relayed line by line; other units give nothing", () => {
  assert.deepEqual(relay([
    entry({ _SYSTEMD_UNIT: 'init.scope', UNIT: UNITS[2], _PID: '1', PRIORITY: '2', MESSAGE: 'Watchdog timeout (limit 1min)!' }),
    entry({ MESSAGE: 'Error: boom\n    at main.js:1\n' }),
    entry({ MESSAGE: [104, 105, 255] }),
    entry({ _SYSTEMD_UNIT: 'ssh.service', MESSAGE: 'hello' }),
    'not json',
  ]), ['<2>dashboard: Watchdog timeout (limit 1min)!', '<6>worker:   Error: boom', '<6>worker:       at main.js:1', '<6>worker:   hi\ufffd']);
});

const show = (unit: string, load: string, active: string, sub: string, pid: number) => `Id=${unit}\nLoadState=${load}\nActiveState=${active}\nSubState=${sub}\nMainPID=${pid}\n`;

test('the status line names each process with its state and PID, and where to look when one is down', () => {
  const status = (text: string) => run('perl', [SCRIPT, '--status'], { input: text }).stdout.trim();
  assert.equal(status(UNITS.map((u, i) => show(u, 'loaded', 'active', 'running', 901 + i)).join('\n')), 'worker: active (running) PID 901 · bot: active (running) PID 902 · dashboard: active (running) PID 903');
  assert.equal(
    status([show(UNITS[0]!, 'loaded', 'active', 'running', 901), show(UNITS[1]!, 'loaded', 'failed', 'failed', 0), show(UNITS[2]!, 'not-found', 'inactive', 'dead', 0)].join('\n')),
    'worker: active (running) PID 901 · bot: failed · dashboard: not installed (details: systemctl status potion-runner-bot potion-runner-dashboard)',
  );
});

test('on a joined host (POTION_UMBRELLA_PROCS=worker) the status line names the worker only', () => {
  const all = UNITS.map((u, i) => show(u, i === 0 ? 'loaded' : 'not-found', i === 0 ? 'active' : 'inactive', i === 0 ? 'running' : 'dead', i === 0 ? 901 : 0)).join('\n');
  const joined = run('perl', [SCRIPT, '--status'], { input: all, env: { ...process.env, POTION_UMBRELLA_PROCS: 'worker' } }).stdout.trim();
  assert.equal(joined, 'worker: active (running) PID 901');
  // Without the setting the same host would read as broken.
  assert.match(run('perl', [SCRIPT, '--status'], { input: all }).stdout, /bot: not installed/);
  const none = run('perl', [SCRIPT, '--status'], { input: all, env: { ...process.env, POTION_UMBRELLA_PROCS: 'nothing' } });
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /POTION_UMBRELLA_PROCS names none of worker, bot, dashboard/);
});

/**
 * journalctl and systemctl stand-ins: each journalctl call prints the next of `journal` (a
 * --follow then waits unless `ends`), systemctl says this unit started at monotonic 1000 µs
 * and the three run.
 */
function standins(dir: string, journal: Array<{ lines: string[]; ends?: boolean }>): string {
  const bin = join(dir, 'bin');
  run('mkdir', ['-p', bin, join(dir, 'calls')]);
  journal.forEach((call, i) => {
    writeFileSync(join(dir, 'calls', String(i + 1)), call.lines.map((l) => `${l}\n`).join(''));
    if (call.ends) writeFileSync(join(dir, 'calls', `${i + 1}.ends`), '');
  });
  writeFileSync(join(dir, 'show'), UNITS.map((u, i) => show(u, 'loaded', 'active', 'running', 901 + i)).join('\n'));
  writeFileSync(join(bin, 'journalctl'), [
    '#!/bin/sh',
    `d='${dir}'`,
    'i=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 )); echo "$i" >"$d/count"',
    'echo "$*" >>"$d/journalctl.args"',
    'cat "$d/calls/$i" 2>/dev/null',
    'case " $* " in *" --follow "*) [ -f "$d/calls/$i.ends" ] || exec sleep 600;; esac',
  ].join('\n'));
  writeFileSync(join(bin, 'systemctl'), [
    '#!/bin/sh',
    `d='${dir}'`,
    'case "$*" in *ExecMainStartTimestampMonotonic*) echo 1000;; *) cat "$d/show";; esac',
  ].join('\n'));
  chmodSync(join(bin, 'journalctl'), 0o755);
  chmodSync(join(bin, 'systemctl'), 0o755);
  return bin;
}

test('the service: READY=1 and the status line by sd_notify, what came before it started is skipped, it resumes after its cursor, and prints what is left when stopped', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-umbrella-'));
  const sock = startNotifySocket();
  t.after(() => {
    sock.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const line = (mono: number, msg: string, unit = UNITS[0]) => entry({ __MONOTONIC_TIMESTAMP: String(mono), _SYSTEMD_UNIT: unit, MESSAGE: msg });
  const bin = standins(dir, [
    { lines: [line(500, 'before this run'), line(2000, 'first')], ends: true },
    { lines: [line(3000, 'second', UNITS[1])] },
    { lines: [line(4000, 'last words')] },
  ]);
  const child = spawn('perl', [SCRIPT], { env: { PATH: `${bin}:/usr/bin:/bin`, NOTIFY_SOCKET: sock.path }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(() => child.kill('SIGKILL'));

  await waitFor('READY=1', () => sock.having('READY', '1').length > 0, 10_000);
  await waitFor('the status line of the three', () => sock.having('STATUS', 'worker: active (running) PID 901 · bot: active (running) PID 902 · dashboard: active (running) PID 903').length > 0, 10_000);
  await waitFor('the line of the second journalctl --follow', () => out.includes('second'), 15_000);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, err);

  assert.deepEqual(out.split('\n').filter(Boolean), ['<6>worker:   first', '<6>bot:      second', '<6>worker:   last words']);
  assert.ok(sock.having('STOPPING', '1').length > 0, 'STOPPING=1 when stopped');
  assert.match(err, /journalctl --follow ended/, 'the first follow ending by itself is reported');
  const calls = readFileSync(join(dir, 'journalctl.args'), 'utf8').trim().split('\n');
  const units = UNITS.map((u) => `-u ${u}`).join(' ');
  assert.match(calls[0]!, new RegExp(`^--follow --no-pager -o json --since @\\d+ ${units}$`));
  // n - 2: the cursor of "first", n - 1: of "second".
  assert.equal(calls[1], `--follow --no-pager -o json --after-cursor c${n - 2} ${units}`);
  assert.equal(calls[2], `--no-pager -o json --after-cursor c${n - 1} ${units}`);
  assert.equal(calls.length, 3);
});
