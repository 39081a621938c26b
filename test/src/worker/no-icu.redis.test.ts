import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultRepeatStrategy } from 'bullmq';
import type { JobMeta, OutboxMessage } from '@potion/jobs';
import {
  APP_MAIN,
  createStandins,
  INTL_TRACE_PRELOAD,
  openTestProducer,
  runStops,
  startAppProcess,
  startTestRedis,
  testConfig,
  waitFor,
  waitWorkerReady,
  type StopList,
} from '@potion/testkit';

// Issues 18 and 20 (docs/decisions/052-no-icu-on-the-normal-path.md): the first Intl call
// (a DateTimeFormat, a toLocaleString, a localeCompare) maps ICU's data into the process for
// the rest of its life, ~8 MB RSS. A worker process with a preload that records every such
// call installs its schedules (BullMQ's next run of "m h * * *" in TIMEZONE), sends a daily
// digest, host alerts and a backup's answers, and must have made none.

const scheduler = (name: string): JobMeta => ({ requestId: `sched-${name.replace(/\./g, "-")}`, by: { kind: 'scheduler', name }, enqueuedAt: Date.now() });

test('a worker that installed its schedules and sent a digest, alerts and backup answers made no Intl call', async (t) => {
  const stops: StopList = [];
  t.after(() => runStops(stops));
  const dir = mkdtempSync(join(tmpdir(), 'potion-intl-'));
  stops.push(() => rmSync(dir, { recursive: true, force: true }));
  const traceFile = join(dir, 'intl.log');
  const redis = await startTestRedis();
  stops.push(() => redis.stop());
  const standins = createStandins();
  stops.push(() => standins.cleanup());
  // A zone other than the default, with a 30-minute offset nowhere near UTC's.
  const config = testConfig({ REDIS_URL: redis.url, TIMEZONE: 'Asia/Kolkata', LOG_LEVEL: 'info', ADMIN_IDS: '1001', ALERT_DISK_PERCENT: '1', NET_CHECK_TARGET: 'off' });
  // Alerts on: the temp "HDD" is no mount point and the disk is over 1 %, so a sample alerts.
  const { producer } = await openTestProducer(stops, redis.url, config.hostId, { alerts: true });
  const worker = startAppProcess(APP_MAIN.worker, { ...config.env, ...standins.env, INTL_TRACE_FILE: traceFile }, { nodeArgs: ['--import', INTL_TRACE_PRELOAD] });
  stops.push(() => worker.stop());
  const startedAt = Date.now();
  await waitWorkerReady(worker, 30_000);
  // The schedules' first runs, computed without luxon, are cron-parser's (Kolkata has no DST).
  for (const [id, pattern] of [['health.digest', '0 7 * * *'], ['smart.weekly', '0 4 * * 0']] as const) {
    const sched = await producer.queue('read').getJobScheduler(id);
    assert.equal(sched?.next, defaultRepeatStrategy(startedAt, { pattern, tz: 'Asia/Kolkata' }), id);
  }

  const outbox = async (): Promise<OutboxMessage[]> =>
    (await producer.queue('notify').getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed'])).map((j) => j.data.payload as OutboxMessage);
  const sent = (what: string, match: (m: OutboxMessage) => boolean) => waitFor(what, async () => (await outbox()).find(match), 30_000, 50);

  await producer.enqueue('health.digest', {}, scheduler('health.digest'));
  const digest = await sent('the daily digest', (m) => m.text.startsWith('☀️ Ringkasan harian'));
  await producer.enqueue('health.sample', {}, scheduler('health.sample'));
  const alert = await sent('a host alert', (m) => m.kind === 'alert');
  await producer.enqueue('backup.run', { trigger: 'scheduled' }, scheduler('backup.daily'));
  const backup = await sent('the backup refusal', (m) => /HDD belum ter-mount/.test(m.text));
  await producer.enqueue('backup.list', {}, { requestId: 'list-1', by: { kind: 'telegram', userId: 1001 }, chatId: 1001, messageId: 5, enqueuedAt: Date.now() });
  const list = await sent('the backup list', (m) => m.text.startsWith('💾 Backup di HDD'));
  // The texts carry the zone's times and the Indonesian numbers the user reads.
  assert.match(list.text, /berikutnya \w{3}, \d{1,2} \w{3}, \d\d\.\d\d/, list.text);
  assert.ok(digest.text && alert.text && backup.text);
  await worker.stop();

  const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
  assert.equal(trace, '', `the worker called Intl:\n${trace}`);
});
