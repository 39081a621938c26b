import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GrammyError, HttpError } from 'grammy';
import { RefusalLimiter } from './access.js';
import { FloodLimiter } from './flood.js';
import { isTransient, TelegramLink, type OnlineEvent } from './link.js';
import { mainMenu } from './keyboards.js';

test('the main menu is the 7 buttons of PRD section 20, resized', () => {
  const kb = mainMenu();
  assert.deepEqual(
    kb.keyboard.map((row) => row.map((b) => (typeof b === 'string' ? b : b.text))),
    [['📊 Status', '🧰 Kontrol'], ['📜 Logs', '💾 Backup'], ['🌐 Network', '🔄 Update'], ['⚙️ Settings']],
  );
  assert.equal(kb.build().length, 4);
});

test('flood control lets a burst through, warns once, then drops until the bucket refills', () => {
  const f = new FloodLimiter({ burst: 3, perSecond: 2 });
  const t = 1_000_000;
  assert.deepEqual([f.take(1, t), f.take(1, t), f.take(1, t)], ['ok', 'ok', 'ok']);
  assert.equal(f.take(1, t), 'warn');
  assert.equal(f.take(1, t + 100), 'drop');
  assert.equal(f.take(2, t), 'ok', 'other users are not affected');
  assert.equal(f.take(1, t + 600), 'ok', 'half a second refills one press');
});

test('flood control warns once per burst, not each time a press slips through, and again after a pause', () => {
  const f = new FloodLimiter({ burst: 3, perSecond: 2 });
  let t = 1_000_000;
  const verdicts: string[] = [];
  for (let i = 0; i < 20; i++, t += 250) verdicts.push(f.take(1, t)); // 4 a second
  assert.equal(verdicts.filter((v) => v === 'warn').length, 1, verdicts.join(','));
  assert.ok(verdicts.filter((v) => v === 'ok').length > 3, 'presses at the refill pace still get through');
  t += 2000; // a pause: the bucket fills up
  assert.deepEqual([f.take(1, t), f.take(1, t), f.take(1, t), f.take(1, t)], ['ok', 'ok', 'ok', 'warn']);
});

test('a stranger is answered once per window', () => {
  const r = new RefusalLimiter(60_000);
  assert.equal(r.shouldAnswer(7, 0), true);
  assert.equal(r.shouldAnswer(7, 59_999), false);
  assert.equal(r.shouldAnswer(7, 60_000), true);
});

test('network errors and 5xx/429 are transient; other Telegram errors are not', () => {
  assert.equal(isTransient(new HttpError('down', new Error('ECONNREFUSED'))), true);
  const ge = (code: number) => new GrammyError('x', { ok: false, error_code: code, description: 'd' }, 'sendMessage', {});
  assert.equal(isTransient(ge(502)), true);
  assert.equal(isTransient(ge(429)), true);
  assert.equal(isTransient(ge(400)), false);
  assert.equal(isTransient(ge(403)), false);
});

test('the link reports coming back online once, only after an outage long enough', () => {
  let now = 0;
  const link = new TelegramLink(1000, () => now);
  const seen: OnlineEvent[] = [];
  link.on('online', (e) => seen.push(e));
  link.down();
  now = 500;
  link.down();
  link.up();
  assert.equal(seen.length, 0, 'a 500 ms blip is not announced');
  link.down();
  now = 5000;
  link.up();
  link.up();
  assert.deepEqual(seen, [{ downSince: 500, downMs: 4500 }]);
});
