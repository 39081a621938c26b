import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { freePort } from '@potion/platform';
import { waitFor } from '@potion/testkit';

const CLI = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));

test('npm start prints the dashboard URL and the password file, and the dashboard shows the scheduler jobs', { timeout: 60_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'potion-start-'));
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ENV_FILE: join(root, 'none.env'),
      DATA_DIR: join(root, 'data'),
      HDD_MOUNT: join(root, 'hdd'),
      DASHBOARD_PORT: String(port),
      SAMPLE_INTERVAL_SEC: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((res) => child.once('close', (code) => res(code)));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(l));
  createInterface({ input: child.stderr }).on('line', (l) => lines.push(l));

  const urlLine = await waitFor('the dashboard line', () => lines.find((l) => l.includes('✔ dashboard: ')), 20_000);
  const url = /http:\/\/\S+/.exec(urlLine)![0];
  assert.equal(url, `http://127.0.0.1:${port}/`);
  const pwLine = await waitFor('the password line', () => lines.find((l) => l.includes('password: in ')), 5_000);
  const file = join(root, 'data', 'dashboard-password');
  assert.ok(pwLine.includes(file), pwLine);
  const password = readFileSync(file, 'utf8').trim();
  assert.ok(!lines.some((l) => l.includes(password)), 'the password itself is never printed');

  const auth = { authorization: `Bearer ${password}` };
  await waitFor('healthz 200', async () => (await fetch(`${url}healthz`).catch(() => undefined))?.status === 200, 30_000);
  const anonymous = await fetch(`${url}queues/api/queues`);
  assert.equal(anonymous.status, 401);
  const jobs = await waitFor(
    'a health.sample job created by the scheduler in Bull Board',
    async () => {
      const res = await fetch(`${url}queues/api/queues?activeQueue=read%40home&status=completed`, { headers: auth });
      const body = (await res.json()) as { queues: Array<{ name: string; jobs: Array<{ name: string }> }> };
      const read = body.queues.find((q) => q.name === 'read@home');
      return read?.jobs.some((j) => j.name === 'health.sample') ? body : undefined;
    },
    20_000,
  );
  assert.deepEqual(jobs.queues.map((q) => q.name).sort(), ['backup@home', 'notify@home', 'once@home', 'read@home']);
  child.kill('SIGINT');
  assert.equal(await exited, 0, lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('✔ stopped')));
});
