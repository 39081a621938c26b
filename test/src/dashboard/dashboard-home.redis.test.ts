import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildDashboard } from '@potion/dashboard';
import { hostKeys, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor } from '@potion/testkit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { AlertHarness } from '../harness/alert-harness.js';
import { BACKUP_SNAPSHOT, CPU_HIGH_FROM_MIN, HISTORY_MINUTES, seedHomeHarness } from '../harness/dashboard-home-seed.js';

// Issue 19 point 9: the home page reads like the bot. The worker (fake clock) stored an hour of
// samples, its services and an open CPU alert in a real Redis; the page is read over HTTP.

const PASSWORD = 'correct-horse-battery-staple';
const auth = { authorization: `Bearer ${PASSWORD}` };

/**
 * The LRANGE commands on the sampler history Redis ran while `action` did (MONITOR: the worker
 * reads other lists meanwhile, so global command counts would not tell).
 */
async function historyReads(redis: Redis, action: () => Promise<unknown>): Promise<string[][]> {
  const monitor = await redis.duplicate().monitor();
  const seen: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args[0]?.toLowerCase() === 'lrange' && args[1] === hostKeys('home').sampleHistory) seen.push(args.slice(2));
  });
  try {
    await action();
    // A PING after the action: once MONITOR shows it, every command before it was shown too.
    const marker = `done-${Date.now()}`;
    const shown = new Promise<void>((resolve) => monitor.on('monitor', (_t: string, args: string[]) => args[1] === marker && resolve()));
    await redis.ping(marker);
    await shown;
  } finally {
    monitor.disconnect();
  }
  return seen;
}

/** What the reader sees: the page without its style sheet and tags. */
function visibleText(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
}

/** The data-points of each chart's SVG, by its aria-label. */
function chartPoints(html: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of html.matchAll(/<svg class="chart"[^>]*aria-label="([^"]+)"[^>]*data-points="(\d+)"/g)) out.set(m[1]!, Number(m[2]));
  return out;
}

describe('dashboard home page over HTTP (real worker data in a real Redis)', () => {
  let h: AlertHarness;
  let app: FastifyInstance;

  before(async () => {
    h = await seedHomeHarness();
    app = await buildDashboard({
      config: h.cfg,
      log: createLogger({ name: 'dashboard', logDir: undefined, level: 'warn', stdout: false }),
      redis: h.conn,
      password: PASSWORD,
      now: () => h.clock.now,
    });
    await app.ready();
  });

  after(async () => {
    await app?.close();
    await h?.stop();
  });

  test('an open alert is the sentence the bot sent, with its local start time and age, never raw hash fields', async () => {
    assert.equal(await h.conn.hget(h.app.deps.keys.alert('cpu'), 'status'), 'firing', 'the worker raised the CPU alert');
    const res = await app.inject({ url: '/', headers: auth });
    assert.equal(res.statusCode, 200);
    const body = res.body;
    assert.match(body, /🔥 CPU sibuk terus: 95% selama lebih dari 5 menit \(batas 90%\)/);
    // Minute 51 after 07:00 UTC is 15:51 in Asia/Makassar; the page is read at minute 60.
    assert.equal(CPU_HIGH_FROM_MIN, 51);
    assert.match(body, /Sejak 15:51, 9 menit lalu · sudah dikabari lewat Telegram/);
    const since = await h.conn.hget(h.app.deps.keys.alert('cpu'), 'since');
    assert.ok(since && !body.includes(since), 'no raw Unix ms');
    const text = visibleText(body);
    for (const raw of ['sinceIso', 'notified', 'reminders', 'since:', 'family', 'firing']) assert.ok(!text.includes(raw), `no raw field ${raw}`);
  });

  test('the services from the sampler, each with its state in words', async () => {
    const body = (await app.inject({ url: '/', headers: auth })).body;
    assert.match(body, /<code>n8n\.service<\/code><\/td><td class="bad">❌ mati<\/td>/);
    assert.match(body, /<code>cloudflared\.service<\/code><\/td><td class="ok">✅ jalan<\/td>/);
    assert.match(body, /Dicek 16:00, 0 detik lalu\./);
    assert.doesNotMatch(body, /Belum ada data layanan/);
  });

  test('the last backup from the worker key, in words and local time', async () => {
    const body = (await app.inject({ url: '/', headers: auth })).body;
    assert.match(body, new RegExp(`✅ Backup terakhir berhasil</span> 12:01, 4 jam lalu \\(terjadwal\\) · snapshot <code>${BACKUP_SNAPSHOT}</code> · 3,0 GB, yang baru ditulis 50,0 MB`));
  });

  test('1 h charts of CPU, RAM, temperature and disks with a point per minute, read from 61 history entries', async () => {
    let body = '';
    const reads = await historyReads(h.conn, async () => {
      body = (await app.inject({ url: '/', headers: auth })).body;
    });
    assert.deepEqual(reads, [['0', '60']], 'one read of the 61 entries the 1 h window needs');
    const points = chartPoints(body);
    assert.deepEqual([...points.keys()], ['CPU, 1 jam terakhir', 'RAM terpakai, 1 jam terakhir', 'Suhu CPU, 1 jam terakhir', 'Disk terpakai, 1 jam terakhir']);
    assert.equal(points.get('CPU, 1 jam terakhir'), HISTORY_MINUTES, 'one point per minute bucket');
    assert.equal(points.get('Disk terpakai, 1 jam terakhir'), 2 * HISTORY_MINUTES, 'a line for / and one for the HDD');
    assert.match(body, /<strong>CPU<\/strong><br>sekarang 95% · puncak 95%/);
    assert.match(body, /61 sampel, tiap titik rata-rata 1 menit\./);
  });

  test('the 24 h window: fewer, wider points over the same hour, and a page that stays small', async (t) => {
    const res = await app.inject({ url: '/?jam=24', headers: auth });
    const points = chartPoints(res.body);
    // 10-minute buckets: the hour from 07:00 to 08:00 UTC touches 7 of them.
    assert.ok((points.get('CPU, 24 jam terakhir') ?? 0) >= 6 && (points.get('CPU, 24 jam terakhir') ?? 0) <= 7);
    assert.match(res.body, /<a href="\/\?jam=24#grafik" aria-current="page">24 jam<\/a>/);
    assert.match(res.body, /<strong>CPU<\/strong><br>sekarang 95% · puncak 95%/, 'the newest and highest sample, not a 10-minute average');
    t.diagnostic(`home page: ${Buffer.byteLength(res.body)} bytes (24 h), ${Buffer.byteLength((await app.inject({ url: '/', headers: auth })).body)} bytes (1 h)`);
    assert.ok(Buffer.byteLength(res.body) < 40_000, 'the whole page with four charts is under 40 kB');
    assert.equal((await app.inject({ url: '/?jam=7', headers: auth })).body.includes('Grafik 1 jam terakhir'), true, 'an unknown window is the 1 h default');
  });

  test('a /metrics scrape never reads the history', async () => {
    const reads = await historyReads(h.conn, async () => assert.equal((await app.inject({ url: '/metrics', headers: auth })).statusCode, 200));
    assert.deepEqual(reads, []);
  });
});

test('with Redis gone the home page still answers, saying so, instead of a 500', async () => {
  const r = await startTestRedis();
  const redis = createRedis(r.url, { role: 'producer', name: 'test-dashboard' });
  // The running dashboard reports outages through redis-outage (main.ts); here the test expects it.
  redis.on('error', () => undefined);
  await waitReady(redis);
  const app = await buildDashboard({ config: testConfig(), log: createLogger({ name: 'dashboard', logDir: undefined, level: 'fatal', stdout: false }), redis, password: PASSWORD });
  try {
    await app.ready();
    await r.stop();
    await waitFor('the client to see Redis gone', async () => redis.status !== 'ready');
    const res = await app.inject({ url: '/?jam=24', headers: auth });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Redis tidak bisa dibaca/);
    assert.match(res.body, /Grafik 24 jam terakhir/);
  } finally {
    await app.close();
    redis.disconnect();
  }
});
