import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { hostKeys, hostSample, keys, queueName, waitReady } from '@potion/jobs';
import { createRedis, freePort } from '@potion/platform';
import { waitFor } from '@potion/testkit';

const cli = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));

describe('npm start on a fresh checkout', () => {
  it('brings up a private Redis, the worker and the dashboard; a scheduled health sample completes; Ctrl+C stops it all', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'potion-start-'));
    const port = await freePort();
    // No HDD on a fresh checkout: HDD_MOUNT is a plain folder, not a mount point.
    const hddMount = join(cwd, 'no-hdd');
    const child = spawn(process.execPath, [cli, 'start'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, DASHBOARD_PORT: String(port), SAMPLE_INTERVAL_SEC: '1', LOG_LEVEL: 'info', HDD_MOUNT: hddMount },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((res) => child.once('close', (code) => res(code)));
    try {
      await waitFor('worker ready', () => out.includes('worker ready'), 30_000);
      assert.match(out, /BOT_TOKEN is not set: the Telegram bot is skipped/);
      // One clear line at start, not only in doctor: what is wrong and both fixes.
      const hddLines = out.split('\n').filter((l) => l.includes(`HDD is not mounted at ${hddMount}`));
      assert.equal(hddLines.length, 1, out);
      assert.match(hddLines[0]!, /^⚠ HDD is not mounted at .*: .*sudo deploy\/hdd-setup\.sh.*HDD_MOUNT/);
      assert.match(out, new RegExp(`dashboard: http://127\\.0\\.0\\.1:${port}/`));
      const sock = join(cwd, '.potion', 'redis', 'redis.sock');
      assert.ok(existsSync(sock), `private Redis socket inside the checkout:\n${out}`);
      const redis = createRedis(`unix://${sock}`, { role: 'worker', name: 'test' });
      await waitReady(redis);
      const sample = await waitFor('a health sample', async () => (await redis.get(hostKeys('home').sampleLatest)) ?? undefined, 20_000);
      assert.ok(hostSample.safeParse(JSON.parse(sample)).success);
      const completed = await waitFor('a completed health.sample job', async () => ((await redis.zcard(keys.bullmq(queueName('read', 'home'), 'completed'))) > 0 ? true : undefined), 20_000);
      assert.equal(completed, true);
      assert.deepEqual(await redis.config('GET', 'appendonly'), ['appendonly', 'yes']);
      assert.deepEqual(await redis.config('GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction']);
      assert.deepEqual(await redis.config('GET', 'hz'), ['hz', '1'], 'a quiet idle: housekeeping once a second');
      redis.disconnect();
      const health = await waitFor('healthz 200', async () => {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return r?.status === 200 ? ((await r.json()) as { ok: boolean }) : undefined;
      }, 20_000);
      assert.equal(health.ok, true);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
    assert.match(out, /worker stopped cleanly/);
    assert.match(out, /✔ stopped/);
    assert.ok(!existsSync(join(cwd, '.potion', 'redis', 'redis.sock')), 'Redis stopped and removed its socket');
  });

  it('starts the dashboard on the first connection, stops it after DASHBOARD_IDLE_STOP_MIN quiet minutes and starts it again', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'potion-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, [cli, 'start'], {
      cwd,
      // 0.05 min: 3 s of quiet.
      env: { PATH: process.env.PATH ?? '', HOME: cwd, DASHBOARD_PORT: String(port), DASHBOARD_IDLE_STOP_MIN: '0.05', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((res) => child.once('close', (code) => res(code)));
    const redis = createRedis(`unix://${join(cwd, '.potion', 'redis', 'redis.sock')}`, { role: 'worker', name: 'test' });
    const get = async () => (await fetch(`http://127.0.0.1:${port}/login`).catch(() => undefined))?.status;
    try {
      await waitFor('worker ready', () => out.includes('worker ready'), 30_000);
      await waitReady(redis);
      await waitFor('the listener', () => out.includes('the dashboard starts when you open it'), 10_000);
      assert.doesNotMatch(out, /dashboard listening/, 'no dashboard before anyone opens it');
      assert.equal(await redis.exists(keys.proc('dashboard')), 0, 'no dashboard process registered');
      assert.equal(await get(), 200, 'the first connection is answered by the dashboard it starts');
      // Its log line (through npm start's pipe) and its registration in Redis may come after
      // the answer on a loaded machine: waited for, not assumed.
      const listening = () => (out.match(/dashboard listening/g) ?? []).length;
      await waitFor('the dashboard to log that it listens', () => listening() === 1, 15_000);
      await waitFor('the dashboard to register its process', async () => (await redis.exists(keys.proc('dashboard'))) === 1, 15_000);
      await waitFor('the dashboard to stop while idle', () => out.includes('dashboard stopped while idle'), 30_000);
      assert.equal(await get(), 200, 'the next connection starts it again');
      await waitFor('the second start to be logged', () => listening() === 2, 15_000);
      assert.equal(listening(), 2, 'started exactly twice');
    } finally {
      redis.disconnect();
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
    assert.match(out, /✔ stopped/);
  });
});
