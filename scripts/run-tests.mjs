#!/usr/bin/env node
// Runs every compiled test file (*.test.js under apps/*/dist, libs/*/dist, test/dist) with
// Node's test runner, several files at once: each file starts its own Redis on a free port,
// so files are independent. Pass file-name filters as arguments: npm test -- outbox
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dirs = [];
for (const group of ['apps', 'libs']) {
  for (const name of readdirSync(join(root, group))) dirs.push(join(root, group, name, 'dist'));
}
dirs.push(join(root, 'test', 'dist'));

const files = [];
const walk = (dir) => {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) walk(p);
    else if (entry.endsWith('.test.js')) files.push(p);
  }
};
dirs.forEach(walk);

const filters = process.argv.slice(2);
const chosen = filters.length ? files.filter((f) => filters.some((x) => relative(root, f).includes(x))) : files;
if (chosen.length === 0) {
  console.error(`no test files matched ${filters.join(' ')}`);
  process.exit(1);
}
const concurrency = Number(process.env.TEST_CONCURRENCY ?? 4);
console.log(`running ${chosen.length} test files, ${concurrency} at a time`);
const child = spawn(
  process.execPath,
  ['--test', '--test-force-exit', `--test-concurrency=${concurrency}`, '--test-timeout=180000', '--test-reporter=spec', ...chosen],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
