import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hostKeys, type HostSample } from '@potion/jobs';
import { syntheticHistory } from '@potion/worker';
import { ADMIN, startBotStack, type BotStack } from '../harness/bot-stack.js';

describe('⏳ disk-full forecast in 📊 Status, end to end (real bot, worker and Redis; fake Telegram)', () => {
  let s: BotStack;

  before(async () => {
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000' } });
  });
  after(async () => {
    await s?.stop();
  });

  async function statusText(): Promise<string> {
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '📊 Status');
    const { messageId } = await s.pendingAfter(ADMIN, from);
    return String((await s.editOf(ADMIN, messageId)).text);
  }

  test('with a flat history the summary shows no forecast', async () => {
    const flat = syntheticHistory(2880, Date.now()).map((x): HostSample => ({ ...x, disks: [{ mount: s.config.hddMount, mounted: true, sizeBytes: 500e9, usedBytes: 200e9, usePercent: 40 }] }));
    await s.conn.del(hostKeys(s.config.hostId).sampleHistory);
    await s.conn.rpush(hostKeys(s.config.hostId).sampleHistory, ...flat.map((x) => JSON.stringify(x)));
    const text = await statusText();
    assert.match(text, /^📊 Status server/);
    assert.doesNotMatch(text, /penuh dalam/);
  });

  test('an HDD filling ~4% a day from 60% shows "penuh dalam ~9 hari" with what to do', async () => {
    // 24 h at 30 s, 60% -> 64%: at 4 points a day the last 36 points take ~9 days.
    const end = Date.now();
    const rising = syntheticHistory(2880, end).map((x, i): HostSample => ({
      ...x,
      disks: [{ mount: s.config.hddMount, mounted: true, sizeBytes: 500e9, usedBytes: 300e9, usePercent: 64 - (4 * i) / 2880 }],
    }));
    await s.conn.del(hostKeys(s.config.hostId).sampleHistory);
    await s.conn.rpush(hostKeys(s.config.hostId).sampleHistory, ...rising.map((x) => JSON.stringify(x)));
    const text = await statusText();
    assert.match(text, new RegExp(`⏳ HDD \\(${s.config.hddMount.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) penuh dalam ~9 hari kalau terus begini \\(naik ~4%/hari\\)\\. Hapus snapshot lama`));
  });
});
