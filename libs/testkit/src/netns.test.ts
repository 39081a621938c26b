import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAppProcess } from './app-process.js';
import { createNetHosts, listNamespaces, netnsUnavailable } from './netns.js';
import { waitFor } from './wait.js';

const skip = netnsUnavailable();
const netnsModule = fileURLToPath(new URL('./netns.js', import.meta.url));
/** Inside its own namespace no other test listens: a fixed port is safe (never 6379). */
const PORT = '16379';
/** Redis's protected mode refuses every non-loopback client while the default user has no password. */
const AUTH = ['--no-auth-warning', '-a', 'netns-test-secret'];

const gone = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

test('a redis-server in host main bound to 100.64.0.1 is reachable from host pi at 100.64.0.1, not at pi\'s own 127.0.0.1; destroy leaves no namespace', { skip }, async () => {
  const net = createNetHosts({ hosts: ['main', 'pi'] });
  const dir = mkdtempSync(join(tmpdir(), 'potion-netns-redis-'));
  try {
    assert.deepEqual(net.hosts.map((h) => [h.name, h.address]), [['main', '100.64.0.1'], ['pi', '100.64.0.2']]);
    assert.match(net.run('pi', 'ip', ['-4', '-o', 'addr', 'show']).stdout, /inet 100\.64\.0\.2\/10 /, 'pi has its own Tailscale-range address');
    assert.match(net.run('pi', 'ip', ['-o', 'link', 'show', 'lo']).stdout, /UP/, 'loopback is up in pi');
    const redis = net.spawn('main', 'redis-server', ['--bind', net.host('main').address, '--port', PORT, '--save', '', '--appendonly', 'no', '--requirepass', 'netns-test-secret', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    redis.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    redis.stderr?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    await waitFor('redis-server in main to accept connections', () => {
      if (redis.exitCode !== null) throw new Error(`redis-server exited ${redis.exitCode}: ${out}`);
      return /Ready to accept connections/.test(out);
    }, 15_000);
    const remote = net.run('pi', 'redis-cli', ['-h', '100.64.0.1', '-p', PORT, ...AUTH, 'ping']);
    assert.equal(remote.stdout.trim(), 'PONG', `pi reaches main's Redis at 100.64.0.1: ${remote.stderr}`);
    const local = net.run('pi', 'redis-cli', ['-h', '127.0.0.1', '-p', PORT, ...AUTH, 'ping']);
    assert.notEqual(local.stdout.trim(), 'PONG', "pi's own loopback has no Redis");
    assert.match(local.stdout + local.stderr, /Connection refused/);
    const names = net.hosts.map((h) => h.ns);
    for (const ns of names) assert.ok(listNamespaces().includes(ns), `${ns} exists while the test runs`);
    net.destroy();
    await waitFor('redis-server to end with its namespace', () => redis.exitCode !== null || redis.signalCode !== null, 5000);
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(`potion-t${process.pid}-`)), [], 'no namespace of this test is left');
  } finally {
    net.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

// A test file ended early: process.exit (the reaper's exit handler), or SIGKILL (no handler
// runs: the detached guard sees its pipe close).
for (const ending of ['process.exit(1)', 'SIGKILL'] as const) {
  test(`a test process that ends by ${ending} without destroy() leaves no namespace and no process inside`, { skip }, async () => {
    const script = [
      `const { createNetHosts } = await import(${JSON.stringify(netnsModule)});`,
      `const net = createNetHosts({ hosts: ['main', 'pi'] });`,
      `const sleeper = net.spawn('pi', 'sleep', ['1000'], { stdio: 'ignore' });`,
      `console.log(JSON.stringify({ names: [...net.hosts.map((h) => h.ns), net.hosts[0].ns.replace(/main$/, 'hub')], sleeper: sleeper.pid }));`,
      ending === 'SIGKILL' ? 'setInterval(() => undefined, 1000);' : 'setTimeout(() => process.exit(1), 50);',
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const closed = new Promise((resolve) => child.once('close', resolve));
    const line = await waitFor('the child to make its hosts', () => out.split('\n').find((l) => l.startsWith('{')), 15_000);
    const made = JSON.parse(line) as { names: string[]; sleeper: number };
    for (const ns of made.names) assert.ok(listNamespaces().includes(ns), `${ns} was made`);
    if (ending === 'SIGKILL') child.kill('SIGKILL');
    await closed;
    await waitFor('the namespaces to be deleted', () => made.names.every((ns) => !listNamespaces().includes(ns)), 10_000);
    await waitFor('the process inside to be gone', () => gone(made.sleeper), 5000);
  });
}

test('startAppProcess with netns runs the process inside that host: it sees only pi\'s addresses, and stop() ends it', { skip }, async () => {
  const net = createNetHosts({ hosts: ['main', 'pi'] });
  const dir = mkdtempSync(join(tmpdir(), 'potion-netns-app-'));
  try {
    const main = join(dir, 'addresses.mjs');
    writeFileSync(main, "import { networkInterfaces } from 'node:os'; console.log(JSON.stringify(Object.values(networkInterfaces()).flat().filter((a) => a.family === 'IPv4').map((a) => a.address).sort())); setInterval(() => undefined, 1000);\n");
    const app = startAppProcess(main, {}, { netns: net.host('pi').ns });
    const line = await waitFor('the process to print its addresses', () => app.output().split('\n').find((l) => l.startsWith('[')), 10_000);
    assert.deepEqual(JSON.parse(line), ['100.64.0.2', '127.0.0.1']);
    const ended = await app.stop();
    assert.equal(ended.signal, 'SIGTERM', 'the signal reached node itself');
  } finally {
    net.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
