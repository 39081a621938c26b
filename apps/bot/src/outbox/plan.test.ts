import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testConfig } from '@potion/testkit';
import { plan } from './deliver.js';

const config = testConfig();
const base = { chatId: 1, kind: 'result' as const, createdAt: 0 };

test('a short result edits the pending message and carries the buttons', () => {
  const { steps } = plan({ ...base, text: 'ok', editMessageId: 7, buttons: [[{ text: 'Detail', data: 'status:detail' }]] }, config, 'r1');
  assert.equal(steps.length, 1);
  const [first] = steps;
  assert.ok(first?.kind === 'text');
  assert.equal(first.editMessageId, 7);
  assert.ok(first.buttons);
});

test('a split result edits the pending message with the first part, buttons go under the last', () => {
  const text = Array.from({ length: 400 }, (_, i) => `line ${i} ${'y'.repeat(10)}`).join('\n');
  const { steps } = plan({ ...base, text, editMessageId: 7, buttons: [[{ text: 'B', data: 'b' }]] }, config, 'r1');
  assert.ok(steps.length > 1);
  const first = steps[0];
  assert.ok(first?.kind === 'text' && first.editMessageId === 7 && !first.buttons);
  const last = steps.at(-1)!;
  assert.ok(last.kind === 'text' && last.editMessageId === undefined && last.buttons);
});

test('a document outside DATA_DIR and LOG_DIR is refused with a reason', () => {
  const { steps, problems } = plan({ ...base, text: 'x', document: { path: '/etc/hostname', filename: 'h' } }, config, 'r1');
  assert.equal(steps.length, 1);
  assert.match(problems[0]!, /not a file under DATA_DIR or LOG_DIR/);
});

test('a photo under DATA_DIR is sent after the text; one outside it is refused with a reason', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(config.dataDir, { recursive: true });
  const inside = `${config.dataDir}/plan-photo.png`;
  writeFileSync(inside, 'png');
  const ok = plan({ ...base, text: 'grafik', editMessageId: 3, photo: { path: inside, filename: 'g.png' } }, config, 'r1');
  assert.deepEqual(ok.steps.map((s) => s.kind), ['text', 'photo']);
  assert.deepEqual(ok.problems, []);
  const bad = plan({ ...base, text: 'grafik', photo: { path: '/etc/hostname', filename: 'g.png' } }, config, 'r1');
  assert.deepEqual(bad.steps.map((s) => s.kind), ['text']);
  assert.match(bad.problems[0]!, /photo .* not a file under DATA_DIR or LOG_DIR/);
});

test('a text that is not valid HTML is sent escaped (shown as written), with a problem logged', () => {
  const { steps, problems } = plan({ ...base, text: 'a <service> b' }, config, 'r1');
  assert.deepEqual(steps.map((s) => (s.kind === 'text' ? s.text : s.kind)), ['a &lt;service&gt; b']);
  assert.match(problems[0]!, /not valid HTML/);
});

test('a result too long for four messages goes as a file of the shown text, under a preview that is valid HTML', () => {
  const text = `<pre>${Array.from({ length: 3000 }, (_, i) => `baris ${i} a &lt; b`).join('\n')}</pre>`;
  const { steps } = plan({ ...base, text }, config, 'r1');
  assert.deepEqual(steps.map((s) => s.kind), ['text', 'file']);
  const head = steps[0]!;
  assert.ok(head.kind === 'text' && head.text.endsWith('</pre>\n…'), head.kind === 'text' ? head.text.slice(-30) : '');
});
