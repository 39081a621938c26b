#!/usr/bin/env node
// npm run test:system: deploy/install.sh in a container booting a real systemd (see README,
// "System test"). Runs the compiled *.systest.js files under test/dist/system one at a time
// and ends with one line the CI reads: "system tests: N passed, N failed". Arguments filter
// the files by name (npm run test:system -- two-hosts).
import { existsSync, readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'test', 'dist', 'system');
const fail = (why) => {
  console.error(`test:system cannot run: ${why}`);
  console.log('system tests: 0 passed, 1 failed');
  process.exit(1);
};
if (process.getuid?.() !== 0) fail('it needs root (systemd-nspawn, debootstrap): sudo npm run test:system');
for (const tool of ['systemd-nspawn', 'debootstrap', 'nsenter', 'rsync']) {
  if (spawnSync('sh', ['-c', 'command -v "$1" || [ -x "/usr/sbin/$1" ]', 'sh', tool]).status !== 0) fail(`${tool} is missing (npm run setup installs systemd-container and debootstrap)`);
}
if (!existsSync(dir)) fail(`${dir} is missing: npm run build first`);
// File-name filters as arguments run only those files: npm run test:system -- two-hosts
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.systest.js') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .map((f) => join(dir, f));
if (files.length === 0) fail(`no system test file matched ${filters.join(' ')}`);
const tapDir = mkdtempSync(join(tmpdir(), 'potion-systest-'));
const tap = join(tapDir, 'report.tap');
const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-timeout=1200000', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
child.on('exit', (code, signal) => {
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  rmSync(tapDir, { recursive: true, force: true });
  const failed = count('fail') + (code !== 0 && count('fail') === 0 ? 1 : 0);
  console.log(`system tests: ${count('pass')} passed, ${failed} failed`);
  process.exit(code ?? (signal ? 1 : 0));
});
