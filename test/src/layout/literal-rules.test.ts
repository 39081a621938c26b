import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_PREFIX } from '@potion/jobs';
import { findLibPathsIntoApps } from './app-paths.js';
import { findButtonData } from './button-literals.js';
import { findKeyLiterals } from './key-literals.js';
import { REPO_ROOT } from './repo-root.js';
import { formatFindings, parseSource, readSources, type Finding } from './source-files.js';
import { findTimezoneLiterals } from './timezone-literals.js';

const sources = readSources(REPO_ROOT);
const lines = (findings: readonly Finding[]) => findings.map((f) => `${f.path}:${f.line}`);
const none = (findings: readonly Finding[], what: string) => assert.ok(findings.length === 0, `${what}:\n${formatFindings(findings)}`);

test('no Redis key is written outside libs/jobs/src/keys.ts', () => {
  none(findKeyLiterals(sources, KEY_PREFIX), `Redis keys written outside libs/jobs/src/keys.ts (add them to \`keys\` there)`);
});

test('Asia/Jakarta is written only in the config defaults (everything else reads TIMEZONE from the config)', () => {
  none(findTimezoneLiterals(sources), 'Asia/Jakarta outside the config defaults (pass config.TIMEZONE in)');
});

test('no button data is built outside the codecs in libs/jobs/src/buttons.ts', () => {
  none(findButtonData(sources), 'button data built by hand (build it with the family codec in libs/jobs/src/buttons.ts, parse it with the same codec)');
});

test('no lib reaches into an app folder by a path string', () => {
  none(findLibPathsIntoApps(sources), 'paths into apps/*/dist or apps/*/src from a lib (resolve the package instead: import.meta.resolve)');
});

test('a key literal is a string starting with the prefix and a colon, or a template starting with KEY_PREFIX and a colon; a client name is not', () => {
  const file = parseSource(
    'apps/worker/src/made-up.ts',
    [
      `const a = 'potion:dashboard:ready';`,
      'const b = `potion:alert:${id}`;',
      'const c = `${KEY_PREFIX}:automute:${id}`;',
      `const d = KEY_PREFIX + ':power:no-battery';`,
      `const e = 'potion';`,
      `const f = { connectionName: \`potion:\${name}\` };`,
      'const g = `${KEY_PREFIX}`;',
      `const h = keys.mutesActive;`,
      `const i = 'potion-runner: started';`,
    ].join('\n'),
  );
  assert.deepEqual(lines(findKeyLiterals([file], 'potion')), ['apps/worker/src/made-up.ts:1', 'apps/worker/src/made-up.ts:2', 'apps/worker/src/made-up.ts:3', 'apps/worker/src/made-up.ts:4']);
  assert.deepEqual(findKeyLiterals([parseSource('libs/jobs/src/keys.ts', `export const keys = { marker: \`\${KEY_PREFIX}:marker\` };`)], 'potion'), []);
});

test('Asia/Jakarta counts in strings and templates, not in comments, and is allowed in the config defaults', () => {
  const text = ['// defaults to Asia/Jakarta', `const a = { timeZone: 'Asia/Jakarta' };`, 'const b = `${x} Asia/Jakarta`;'].join('\n');
  assert.deepEqual(lines(findTimezoneLiterals([parseSource('apps/worker/src/made-up.ts', text)])), ['apps/worker/src/made-up.ts:2', 'apps/worker/src/made-up.ts:3']);
  assert.deepEqual(findTimezoneLiterals([parseSource('libs/jobs/src/config.ts', text), parseSource('libs/platform/src/config-schema.ts', text)]), []);
});

test('button data counts where a button is made and wherever a family string starts; a codec call does not', () => {
  const text = [
    `const a = [[{ text: '🔍 Detail', data: 'status:detail' }]];`,
    'const b = { text: `♻️ ${s}`, data: `bk:r:${s}` };',
    `const c = new InlineKeyboard().text('✅ Ya', 'cf:' + token);`,
    `const d = { callback_data: ok ? 'x' : 'y' };`,
    'const e = { restart: (unit: string) => `alert:restart:${unit}` };',
    `c.callbackQuery('set:about', handle);`,
    `const f = [[{ text: '🔍 Detail', data: buttons.status.detail() }]];`,
    `const g = { text: 'hello', data: payload };`,
    `const h = 'alert: disk penuh';`,
    `canvas.text(10, 20, 'label', color);`,
    `const i = Keyboard.text('📊 Status');`,
  ].join('\n');
  const found = lines(findButtonData([parseSource('apps/worker/src/made-up.ts', text)]));
  assert.deepEqual(found, [1, 2, 3, 4, 5, 6].map((n) => `apps/worker/src/made-up.ts:${n}`));
  assert.deepEqual(findButtonData([parseSource('libs/jobs/src/buttons.ts', text)]), []);
});

test('a lib path into an app folder is found in strings and templates, not in imports of packages', () => {
  const text = [
    `const a = new URL('../../../apps/bot/dist/main.js', import.meta.url);`,
    'const b = `${root}/apps/worker/src/main.ts`;',
    `const c = import.meta.resolve('@potion/bot/main');`,
    `const d = 'apps are started by npm start';`,
  ].join('\n');
  assert.deepEqual(lines(findLibPathsIntoApps([parseSource('libs/testkit/src/made-up.ts', text)])), ['libs/testkit/src/made-up.ts:1', 'libs/testkit/src/made-up.ts:2']);
});
