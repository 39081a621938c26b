import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { hostKeys } from '@potion/jobs';
import { LINE_COLOURS, syntheticHistory } from '@potion/worker';
import { PNG } from 'pngjs';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';

function pixelsOf(png: PNG, c: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === c[0] && png.data[i + 1] === c[1] && png.data[i + 2] === c[2]) n++;
  return n;
}

describe('📈 charts from 📊 Status → Detail, end to end (real bot, worker and Redis; fake Telegram)', () => {
  let s: BotStack;

  before(async () => {
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000' } });
    // 24 h of history as the sampler would have kept it (newest first).
    const lines = syntheticHistory(2880, Date.now()).map((x) => JSON.stringify(x));
    await s.conn.rpush(hostKeys(s.config.hostId).sampleHistory, ...lines);
  });
  after(async () => {
    await s?.stop();
  });

  /** 📊 Status → 🔍 Detail; returns the detail message id. */
  async function openDetail(userId: number): Promise<number> {
    let from = s.fake.calls.length;
    s.fake.type(userId, '📊 Status');
    const summary = await s.pendingAfter(userId, from);
    await s.editOf(userId, summary.messageId);
    from = s.fake.calls.length;
    s.fake.press(userId, summary.messageId, 'status:detail');
    const { messageId } = await s.pendingAfter(userId, from);
    await s.editOf(userId, messageId, (t) => t.startsWith('🔎 Detail server'));
    return messageId;
  }

  test('the details offer 1 h, 6 h and 24 h charts; 📈 24 jam sends a decodable PNG photo with the lines drawn', async () => {
    const detail = await openDetail(ADMIN);
    const buttons = s.fake.buttons(detail);
    assert.deepEqual(
      buttons.filter((b) => b.data.startsWith('status:chart:')).map((b) => b.text),
      ['📈 Grafik 1 jam', '📈 6 jam', '📈 24 jam'],
    );
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, detail, buttons.find((b) => b.text === '📈 24 jam')!.data);
    const { messageId } = await s.pendingAfter(ADMIN, from);
    const edit = await s.editOf(ADMIN, messageId);
    assert.match(String(edit.text), /^📈 Grafik CPU, RAM, suhu dan disk, 24 jam terakhir \(\d+ titik\)/);
    const call = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendPhoto' && c.params.chat_id === ADMIN, 10_000, 'the chart photo');
    const msg = s.fake.messages.get((call.result as { message_id: number }).message_id);
    assert.ok(msg?.photo, 'a photo arrived');
    assert.equal(msg.photo.file_name, 'grafik-24jam.png');
    const png = PNG.sync.read(msg.photo.bytes);
    assert.equal(png.width, 800);
    assert.ok(png.height > 500, `four panels, got height ${png.height}`);
    assert.ok(pixelsOf(png, LINE_COLOURS[0]!) > 2000, 'the CPU, RAM, temperature and disk lines are drawn');
    assert.ok(pixelsOf(png, LINE_COLOURS[1]!) > 500, 'the HDD line is drawn');
  });

  test('a viewer gets a 1 h chart too, and the PNG file is kept under DATA_DIR/charts', async () => {
    const detail = await openDetail(VIEWER);
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, detail, 'status:chart:1');
    await s.pendingAfter(VIEWER, from);
    const call = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendPhoto' && c.params.chat_id === VIEWER, 10_000, 'the chart photo');
    const msg = s.fake.messages.get((call.result as { message_id: number }).message_id)!;
    assert.equal(msg.photo?.file_name, 'grafik-1jam.png');
    assert.equal(PNG.sync.read(msg.photo.bytes).width, 800);
    assert.ok(existsSync(`${s.config.dataDir}/charts`));
  });

  test('a forged chart button (48 hours) is not acted on', async () => {
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, 1, 'status:chart:48');
    await s.answerAfter(from).catch(() => undefined);
    // A barrier: the next real request is answered, and no photo came in between.
    s.fake.type(ADMIN, '/status');
    const { messageId } = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, messageId);
    assert.equal(s.fake.calls.slice(from).filter((c) => c.method === 'sendPhoto').length, 0);
  });
});
