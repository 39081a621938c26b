import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { infoField, texts } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { auditPath, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

const ADMINS = Array.from({ length: 125 }, (_, i) => 3000 + i);
const BURST = 8;
const PRESSES = ADMINS.length * BURST; // 1,000

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

// Item 8 of issue 9: 1,000 presses from admins within a few seconds, plus one press too many
// from each admin, which the flood control answers politely. The presses are injected
// straight into the fake Bot API, so the burst is as fast as the bot can take it.
describe('fault: a burst of 1,000 button presses from admins', { timeout: 120_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({ env: { ADMIN_IDS: ADMINS.join(','), BOT_FLOOD_BURST: String(BURST), JOB_LOCK_MS: '5000' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('every press gets its pending message and its answer, extra presses a polite slow-down, memory stays bounded, no job lost', async (t) => {
    const from = s.fake.calls.length;
    const redisBefore = Number(infoField(await s.conn.info('memory'), 'used_memory'));
    const peak = { bot: rssMb(s.bot()?.child.pid), worker: rssMb(s.worker()?.child.pid), redis: rssMb(s.redis.server.pid), redisUsed: redisBefore };
    const sampler = setInterval(() => {
      peak.bot = Math.max(peak.bot, rssMb(s.bot()?.child.pid));
      peak.worker = Math.max(peak.worker, rssMb(s.worker()?.child.pid));
      peak.redis = Math.max(peak.redis, rssMb(s.redis.server.pid));
      void s.conn.info('memory').then((i) => (peak.redisUsed = Math.max(peak.redisUsed, Number(infoField(i, 'used_memory')))), () => undefined);
    }, 100);
    t.after(() => clearInterval(sampler));

    const started = Date.now();
    // Each admin presses nine times in a row: eight within the burst, one too many.
    const updates = ADMINS.flatMap((id) => Array.from({ length: BURST + 1 }, () => s.fake.typedUpdate(id, '/services')));
    s.fake.injectMany(updates);

    const pendingTo = () => s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.text === texts.PROCESSING && c.status === 200);
    const slowTo = () => s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && /^Pelan-pelan/.test(String(c.text)) && c.status === 200);
    // Every press is answered at once: a pending message, or a polite slow-down for a press
    // beyond the burst. (The bucket refills at 2 per second, so on a slow machine an admin's
    // ninth press may get through: it then gets its pending message and answer like the rest.)
    await waitFor('every press to be answered at once', () => {
      const p = pendingTo();
      const w = slowTo();
      return ADMINS.every((id) => p.filter((c) => c.params.chat_id === id).length + w.filter((c) => c.params.chat_id === id).length === BURST + 1) ? true : undefined;
    }, 60_000);
    const acceptedMs = Date.now() - started;
    const pendings = pendingTo();
    const slowDown = slowTo();
    assert.ok(pendings.length >= PRESSES, `${pendings.length} pending messages`);
    assert.ok(slowDown.length > 0, 'presses beyond the burst are answered with a slow-down note');
    assert.ok(ADMINS.every((id) => slowDown.filter((c) => c.params.chat_id === id).length <= 1), 'at most one slow-down note per admin');
    const ids = new Set(pendings.map((c) => (c.result as { message_id: number }).message_id));
    assert.equal(ids.size, pendings.length);
    await waitFor('an answer for every press', () => {
      const done = new Set(
        s.fake.calls
          .slice(from)
          .filter((c) => c.method === 'editMessageText' && c.status === 200 && c.text !== texts.PROCESSING)
          .map((c) => Number(c.params.message_id)),
      );
      return [...ids].every((id) => done.has(id)) ? true : undefined;
    }, 90_000);
    const answeredMs = Date.now() - started;
    clearInterval(sampler);

    const finals = s.fake.calls.slice(from).filter((c) => c.method === 'editMessageText' && c.status === 200 && c.text !== texts.PROCESSING);
    assert.equal(finals.length, pendings.length, 'one answer per accepted press, none twice');
    assert.ok(finals.every((c) => /n8n\.service: active/.test(String(c.text))));
    assert.equal(await s.producer.queue('read').getFailedCount(), 0, 'no job failed');
    assert.equal(await s.producer.queue('notify').getFailedCount(), 0, 'no message failed');
    const redisAfter = Number(infoField(await s.conn.info('memory'), 'used_memory'));

    const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
    const report = {
      presses: PRESSES + ADMINS.length,
      accepted: pendings.length,
      slowedDown: slowDown.length,
      allPendingSentMs: acceptedMs,
      allAnsweredMs: answeredMs,
      peakRssMb: { bot: Math.round(peak.bot), worker: Math.round(peak.worker), redis: Math.round(peak.redis) },
      redisUsedMb: { before: mb(redisBefore), peak: mb(peak.redisUsed), after: mb(redisAfter) },
    };
    t.diagnostic(`burst figures: ${JSON.stringify(report)}`);
    // Bounded: generous ceilings an unbounded queue or a leak per press would break.
    assert.ok(peak.bot < 400 && peak.worker < 400, JSON.stringify(report));
    assert.ok(peak.redisUsed < 128 * 1024 * 1024, JSON.stringify(report));
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
