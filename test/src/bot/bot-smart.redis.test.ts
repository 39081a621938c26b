import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hostKeys, jobs, smartRecord } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { schedules, SMART_CHECK_PATTERN } from '@potion/worker';
import { ADMIN, ADMIN2, startBotStack, type BotStack } from '../harness/bot-stack.js';

describe('💽 weekly SMART check, end to end (real bot, worker and Redis; smartctl stand-in; fake Telegram)', () => {
  let s: BotStack;
  let seq = 0;

  before(async () => {
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000' } });
  });
  after(async () => {
    await s?.stop();
  });

  /** Runs smart.check as the weekly scheduler does and waits for it. */
  async function weeklyCheck(): Promise<void> {
    seq += 1;
    const id = await s.producer.enqueue('smart.check', {}, { requestId: `sched-smart-${seq}`, by: { kind: 'scheduler', name: 'smart.weekly' }, enqueuedAt: Date.now() });
    const q = s.producer.queue(jobs['smart.check'].queue);
    await waitFor('the SMART check to finish', async () => ((await q.getJobState(id)) === 'completed' ? true : undefined), 15_000);
  }

  /** SMART alerts put into the outbox so far (enqueued inside the job, so counted once it completed). */
  async function smartAlertsQueued(): Promise<number> {
    const all = await s.producer.queue('notify').getJobs(['waiting', 'active', 'completed', 'delayed', 'prioritized', 'failed']);
    return all.filter((j) => j.id?.startsWith('alert.smart-')).length;
  }

  test('the check is scheduled weekly', () => {
    const sched = schedules(s.config).find((x) => x.job === 'smart.check');
    assert.deepEqual(sched && { id: sched.id, pattern: sched.pattern }, { id: 'smart.weekly', pattern: SMART_CHECK_PATTERN });
  });

  test('the first check stores the values per disk and alerts nobody', async () => {
    const from = s.fake.calls.length;
    await weeklyCheck();
    const sdb = smartRecord.parse(JSON.parse((await s.conn.get(hostKeys(s.config.hostId).smart('/dev/sdb'))) ?? 'null'));
    assert.deepEqual(
      { passed: sdb.passed, r: sdb.reallocatedSectors, p: sdb.pendingSectors, u: sdb.uncorrectableSectors, crc: sdb.crcErrors, h: sdb.powerOnHours },
      { passed: true, r: 0, p: 0, u: 0, crc: 0, h: 38211 },
    );
    assert.ok(await s.conn.get(hostKeys(s.config.hostId).smart('/dev/sda')));
    assert.equal(await smartAlertsQueued(), 0);
    assert.equal(s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && String(c.text).includes('💽')).length, 0);
  });

  test('reallocated sectors that grew alert every admin in Indonesian with what to do; Detail shows the values and the last check', async () => {
    s.standins.set('smartctl/sdb.values', 'realloc=8\ncrc=3\nhours=38379\n');
    const from = s.fake.calls.length;
    await weeklyCheck();
    for (const admin of [ADMIN, ADMIN2]) {
      const { call } = await s.sentAfter(admin, from, (t) => t.startsWith('💽⚠️'));
      const text = String(call.text);
      assert.match(text, /Disk \/dev\/sdb \(ST500LM021-1KJ152\) menunjukkan tanda menua/);
      assert.match(text, /reallocated\): 0 → 8/);
      assert.match(text, /UDMA CRC\): 0 → 3/);
      assert.match(text, /backup sekarang \(💾 Backup → Backup now\), siapkan HDD pengganti/);
    }
    assert.equal(await smartAlertsQueued(), 2);
    assert.equal(smartRecord.parse(JSON.parse((await s.conn.get(hostKeys(s.config.hostId).smart('/dev/sdb'))) ?? 'null')).reallocatedSectors, 8);

    // 📊 Status → 🔍 Detail shows the values and when the weekly check last ran.
    const before = s.fake.calls.length;
    s.fake.press(ADMIN, 1, 'status:detail');
    const { messageId } = await s.pendingAfter(ADMIN, before);
    const detail = String((await s.editOf(ADMIN, messageId)).text);
    assert.match(detail, /🟠 \/dev\/sdb \(ST500LM021-1KJ152\): sehat · 39°C · 38379 jam nyala · 8 sektor bermasalah · 3 error kabel \(CRC\)/);
    assert.match(detail, /🗓️ Cek SMART mingguan terakhir: /);
  });

  test('the same values a week later alert nobody', async () => {
    await weeklyCheck();
    assert.equal(await smartAlertsQueued(), 2, 'still only the two alerts of the week the values grew');
  });
});
