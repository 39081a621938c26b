import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.js';

const redisModule = fileURLToPath(new URL('./redis.js', import.meta.url));

const gone = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

test('a test process that exits without stopping its redis-server takes it along (no leftover after a forced exit)', async () => {
  const script = `const { startTestRedis } = await import(${JSON.stringify(redisModule)}); const r = await startTestRedis(); console.log(r.server.pid); process.exit(1);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  await new Promise((resolve) => child.once('close', resolve));
  const pid = Number(out.trim());
  assert.ok(pid > 0, `the script printed the redis-server pid (${out})`);
  await waitFor('the redis-server to be gone', () => gone(pid), 5000);
});
