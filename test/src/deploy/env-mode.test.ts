import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const main = (app: string) => fileURLToPath(new URL(`../../../apps/${app}/dist/main.js`, import.meta.url));
const TOKEN = `123456789:${'Q'.repeat(35)}`;

/** Each way of starting a process: the three services and `npm start` (cli start). */
const STARTS: ReadonlyArray<[string, string[]]> = [
  ['worker', [main('worker')]],
  ['bot', [main('bot')]],
  ['dashboard', [main('dashboard')]],
  ['cli start', [main('cli'), 'start']],
];

test('no process starts with an .env that group or others can read; each says how to fix it', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'potion-envmode-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const envFile = join(root, '.env');
  // REDIS_URL points at a closed port: a process that got past the check would wait for Redis, not exit 78.
  writeFileSync(envFile, `BOT_TOKEN="${TOKEN}"\nADMIN_IDS=1001\nDATA_DIR=${join(root, 'data')}\nREDIS_URL=redis://127.0.0.1:1\n`, { mode: 0o600 });
  chmodSync(envFile, 0o644);
  for (const [name, args] of STARTS) {
    const r = spawnSync(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, ENV_FILE: envFile },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(r.status, 78, `${name}: exit ${r.status} ${r.signal ?? ''}\n${r.stdout}${r.stderr}`);
    assert.ok(r.stderr.includes(`chmod 600 ${envFile}`), `${name} names the fix:\n${r.stderr}`);
    assert.match(r.stderr, /mode 644/);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(TOKEN), `${name} does not print the token`);
  }
});
