import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

// libs/jobs is the contract (docs/decisions/030): every Redis key is built in keys.ts and every
// BullMQ queue, worker and queue-events listener is opened in queues.ts. This reads the sources
// of apps/ and libs/ (tests aside) so a key or a queue set up by hand elsewhere fails here.
const root = new URL('../../..', import.meta.url).pathname;

function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.test-d.ts') && !entry.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const group of ['apps', 'libs']) {
    for (const name of readdirSync(join(root, group))) {
      const src = join(root, group, name, 'src');
      if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) walk(src);
    }
  }
  return out.map((p) => relative(root, p));
}

/** The code without comments (a `//` after a non-space, as in `redis://`, is not a comment). */
function code(path: string): string {
  return readFileSync(join(root, path), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** `potion:` strings that are not Redis keys: IPC messages and Redis client names. */
const NOT_KEYS = new Set(['apps/dashboard/src/on-demand.ts', 'libs/platform/src/connection.ts']);

test('Redis keys are built only in libs/jobs/src/keys.ts', () => {
  const files = sources();
  assert.ok(files.includes('libs/jobs/src/keys.ts'), 'the sources were found');
  const found: string[] = [];
  for (const file of files) {
    if (file === 'libs/jobs/src/keys.ts' || NOT_KEYS.has(file)) continue;
    const text = code(file);
    for (const m of text.matchAll(/['"`]potion:|\bKEY_PREFIX\b|\$\{BULLMQ_PREFIX\}:/g)) {
      if (file === 'libs/jobs/src/queues.ts' && m[0] === 'KEY_PREFIX') continue; // BULLMQ_PREFIX = KEY_PREFIX
      if (file === 'libs/jobs/src/index.ts' && m[0] === 'KEY_PREFIX') continue; // re-export
      found.push(`${file}: ${text.slice(m.index, m.index + 60).split('\n')[0]}`);
    }
  }
  assert.deepEqual(found, []);
});

test('BullMQ queues, workers and queue events are opened only in libs/jobs/src/queues.ts', () => {
  const found: string[] = [];
  for (const file of sources()) {
    if (file === 'libs/jobs/src/queues.ts') continue;
    const text = code(file);
    for (const m of text.matchAll(/\bnew (Queue|\w*Worker|QueueEvents|FlowProducer)\s*[(<]/g)) found.push(`${file}: ${m[0]}`);
  }
  assert.deepEqual(found, []);
});
