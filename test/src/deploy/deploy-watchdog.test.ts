import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startNotifySocket, waitFor, type StandinNotifySocket } from '@potion/testkit';

const CHILD = fileURLToPath(new URL('../harness/fixtures/watchdog-child.js', import.meta.url));
/** WatchdogSec=0.4 s: pings every 200 ms, a loop frozen for over 200 ms counts as stuck. */
const WATCHDOG_MS = 400;

const started: { child: ChildProcess; socket: StandinNotifySocket }[] = [];
after(() => {
  for (const s of started) {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    s.socket.close();
  }
});

function startChild() {
  const socket = startNotifySocket();
  const child = spawn(process.execPath, [CHILD], {
    env: { ...process.env, NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: String(WATCHDOG_MS * 1000) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  started.push({ child, socket });
  return { socket, child, stdout: () => stdout };
}

const pingsBetween = (s: StandinNotifySocket, from: number, to: number) => s.having('WATCHDOG', '1').filter((m) => m.at > from && m.at < to);

test('a healthy process sends READY=1 and then WATCHDOG=1 well within the watchdog timeout', async () => {
  const { socket } = startChild();
  await waitFor('READY=1', () => socket.having('READY', '1').length === 1, 10_000);
  await waitFor('five watchdog pings', () => socket.having('WATCHDOG', '1').length >= 5, 10_000);
  const pings = socket.having('WATCHDOG', '1').map((m) => m.at);
  for (let i = 1; i < pings.length; i++) {
    assert.ok(pings[i]! - pings[i - 1]! < WATCHDOG_MS, `gap ${Math.round(pings[i]! - pings[i - 1]!)} ms between pings is under the ${WATCHDOG_MS} ms timeout`);
  }
});

test('a blocked event loop sends no watchdog ping, so systemd would restart it, and says so when it comes back', async () => {
  const { socket, child, stdout } = startChild();
  await waitFor('three watchdog pings', () => socket.having('WATCHDOG', '1').length >= 3, 10_000);
  child.stdin?.write('block 1500\n');
  const blocking = await waitFor('STATUS=blocking', () => socket.having('STATUS', 'blocking')[0], 10_000);
  const unblocked = await waitFor('STATUS=unblocked', () => socket.having('STATUS', 'unblocked')[0], 10_000);
  assert.equal(pingsBetween(socket, blocking.at, unblocked.at).length, 0, 'no ping while the loop is blocked');
  const before = socket.having('WATCHDOG', '1').filter((m) => m.at <= blocking.at).at(-1);
  assert.ok(before);
  const resumed = await waitFor('a ping after the loop came back', () => socket.having('WATCHDOG', '1').find((m) => m.at > unblocked.at), 10_000);
  assert.ok(resumed.at - before.at > WATCHDOG_MS, `the gap (${Math.round(resumed.at - before.at)} ms) exceeds WatchdogSec, which makes systemd kill and restart the unit`);
  await waitFor('the stuck-loop log line', () => stdout().includes('event loop was stuck'), 5_000);
});

test('a loop that never comes back is killed by a stand-in supervisor acting like systemd (SIGABRT on a missed ping)', async () => {
  const { socket, child } = startChild();
  await waitFor('two watchdog pings', () => socket.having('WATCHDOG', '1').length >= 2, 10_000);
  const exited = once(child, 'exit');
  child.stdin?.write('block forever\n');
  await waitFor('STATUS=blocking', () => socket.having('STATUS', 'blocking').length === 1, 10_000);
  // systemd's rule: no WATCHDOG=1 within WatchdogSec after the last one -> WatchdogSignal (SIGABRT).
  await waitFor('the watchdog timeout to pass without a ping', () => {
    const last = socket.having('WATCHDOG', '1').at(-1)!;
    return performance.now() - last.at > WATCHDOG_MS;
  }, 10_000);
  child.kill('SIGABRT');
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  assert.equal(code, null);
  assert.equal(signal, 'SIGABRT');
});
