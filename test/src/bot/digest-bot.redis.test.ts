import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hostKeys, type JobResult } from '@potion/jobs';
import { syntheticSample } from '@potion/worker';
import { ADMIN, ADMIN2, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';

const H = 3600_000;

describe('the daily digest and the mute buttons, end to end through the bot', () => {
  let s: BotStack;
  before(async () => {
    s = await startBotStack({ alerts: true });
  });
  after(async () => {
    await s.stop();
  });

  test('the digest goes to every admin without a sound, with uptime, alerts, backup, disk trend and restarted services', async () => {
    const now = Date.now();
    // A day of history, newest first: n8n failed for a while, the disk grew from 40% to 43%.
    const history = [];
    for (let m = 0; m < 6; m++) {
      const at = now - (6 - m) * 4 * H + 60_000;
      history.unshift(syntheticSample({ at, rootPct: 40 + m * 0.6, hddMount: s.config.hddMount, services: { 'n8n.service': m === 2 ? 'failed failed' : 'active running' } }));
    }
    await s.conn.del(hostKeys(s.config.hostId).sampleHistory);
    await s.conn.rpush(hostKeys(s.config.hostId).sampleHistory, ...history.map((h) => JSON.stringify(h)));
    await s.conn.lpush(hostKeys(s.config.hostId).alertsLog,
      JSON.stringify({ at: now - 3 * H, id: 'cpu', label: 'CPU', event: 'fire', sent: true }),
      JSON.stringify({ at: now - 3 * H + 20 * 60_000, id: 'cpu', label: 'CPU', event: 'recover', sent: true }),
      JSON.stringify({ at: now - 30 * H, id: 'ram', label: 'RAM', event: 'fire', sent: true }));
    const result: JobResult<'backup.run'> = {
      ran: true, snapshot: '2026-11-25_0230', trigger: 'scheduled', status: 'ok', previous: null, files: 10, totalBytes: 100, newFiles: 10, changedFiles: 0,
      deletedFiles: 0, bytesWritten: 100, hashedBytes: 100, durationMs: 1000, hddFreeBytes: 1e9, hddSizeBytes: 2e9, warnings: { vanished: [], failed: [] }, pruned: [], resumed: false,
    };
    await s.conn.set(hostKeys(s.config.hostId).backupLastOk, JSON.stringify({ startedAt: now - 5 * H, finishedAt: now - 5 * H + 60_000, result }));
    await s.conn.set(hostKeys(s.config.hostId).backupLastVerify, JSON.stringify({ at: now - 4 * H, snapshot: '2026-11-25_0230', mode: 'quick', ok: true }));

    const from = s.fake.calls.length;
    // As the scheduler (schedules.ts, DIGEST_TIME) puts it in.
    await s.producer.enqueue('health.digest', {}, { requestId: 'sched-health-digest', by: { kind: 'scheduler', name: 'health.digest' }, enqueuedAt: now });
    const digest = (t: string) => t.startsWith('☀️ Ringkasan harian');
    const [a, b] = await Promise.all([s.sentAfter(ADMIN, from, digest), s.sentAfter(ADMIN2, from, digest)]);
    for (const m of [a, b]) assert.equal(m.call.params.disable_notification, true, 'sent silently');
    const text = String(a.call.text);
    assert.match(text, /⏱️ Nyala terus \d/);
    assert.match(text, /🚨 Alert 24 jam terakhir: \d+\n• \d\d:\d\d CPU → normal \d\d:\d\d/);
    assert.doesNotMatch(text, /RAM/, 'older than 24 h');
    assert.match(text, /💾 Backup terakhir 4 jam \d+ menit lalu \(2026-11-25_0230\), terverifikasi ✅/);
    assert.match(text, /💽 Disk \/: \d+% terpakai, sisa [\d.]+ (GB|MB) \([+-][\d.]+% dalam 24 jam\)/);
    assert.match(text, /🔄 Service yang sempat mati lalu jalan lagi: n8n\.service/);
    assert.match(text, /tanda server masih hidup/);
  });

  test('🔕 Sampai besok under an alert mutes it until 07:00 tomorrow, and 📊 Status shows until when', async () => {
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, 1, 'alert:mute:cpu:t');
    const pending = await s.pendingAfter(ADMIN, from);
    const done = await s.editOf(ADMIN, pending.messageId);
    assert.match(String(done.text), /alert "cpu" aku bisukan sampai (besok )?07:00/);
    const at = s.fake.calls.length;
    s.fake.type(ADMIN, '/status');
    const p = await s.pendingAfter(ADMIN, at);
    const status = await s.editOf(ADMIN, p.messageId);
    assert.match(String(status.text), /🔕 Dibisukan: cpu s\/d (besok )?07:00/);
  });

  test('⚙️ Settings → maintenance mode mutes every alert with an end time', async () => {
    const from = s.fake.calls.length;
    s.fake.press(ADMIN, 1, 'set:maint:120');
    const p = await s.pendingAfter(ADMIN, from);
    const r = await s.editOf(ADMIN, p.messageId);
    assert.match(String(r.text), /semua alert \(mode perawatan\) aku bisukan sampai/);
  });

  test('a viewer pressing a mute button is refused and nothing is muted', async () => {
    const from = s.fake.calls.length;
    s.fake.press(VIEWER, 1, 'alert:mute:ram:60');
    const answer = await s.answerAfter(from);
    assert.equal(answer.params.show_alert, true);
    assert.equal(await s.conn.get(hostKeys(s.config.hostId).mute('ram')), null);
  });
});
