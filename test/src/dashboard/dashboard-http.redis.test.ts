import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { BULL_BOARD_PATH, buildDashboard, FailureLimiter, SESSION_COOKIE } from '@potion/dashboard';
import { hostKeys, openQueue, openQueueEvents, openWorker, queueName, waitReady, type HostSample } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor, type TestRedis } from '@potion/testkit';
import type { Queue, QueueEvents, Worker } from 'bullmq';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import { parsePromText } from '../harness/prom-text.js';

const PASSWORD = 'correct-horse-battery-staple';
const BOT_TOKEN = `123456789:${'A'.repeat(35)}`;
const OTHER_TOKEN = `987654321:${'b'.repeat(35)}`;
const README = new URL('../../../apps/dashboard/README.md', import.meta.url);

function sampleAt(at: number, hdd: string): HostSample {
  return {
    at,
    cpu: { usagePercent: 12.5, load1: 0.4, load5: 0.3, load15: 0.2, cores: 4 },
    mem: { totalBytes: 8e9, usedBytes: 3e9, freeBytes: 1e9, availableBytes: 5e9, swapTotalBytes: 2e9, swapUsedBytes: 1e8 },
    disks: [
      { mount: '/', mounted: true, sizeBytes: 1.2e11, usedBytes: 6e10, usePercent: 50 },
      { mount: hdd, mounted: false, sizeBytes: 0, usedBytes: 0, usePercent: 0 },
    ],
    tempC: 51,
    uptimeSec: 93_000,
    bootTime: at - 93_000_000,
    tookMs: 12,
    services: [],
    probes: [],
    net: null,
    power: null,
  };
}

describe('dashboard over HTTP (fastify.inject, real Redis)', () => {
  let r: TestRedis;
  let redis: Redis;
  let app: FastifyInstance;
  let clock = Date.now();
  const config = testConfig({ BOT_TOKEN, HOST_ID: 'home' });
  const queues: Queue[] = [];
  const workers: Worker[] = [];
  const connections: Redis[] = [];

  before(async () => {
    r = await startTestRedis();
    redis = createRedis(r.url, { role: 'producer', name: 'test-dashboard' });
    await waitReady(redis);
    const now = Date.now();
    await redis.set(hostKeys(config.hostId).sampleLatest, JSON.stringify(sampleAt(now, config.hddMount)));
    await redis.set(hostKeys(config.hostId).heartbeat, String(now));
    await redis.hset(hostKeys(config.hostId).alert('disk:/'), { state: 'open', since: String(now), text: 'Disk / hampir penuh' });
    await redis.hset(hostKeys(config.hostId).alert('temp'), { state: 'resolved', since: String(now) });
    await redis.hset(hostKeys(config.hostId).alert('<b>odd</b>'), { state: 'open', text: '<img src=x onerror=alert(1)>' });

    // Real finished jobs: a completed backup.run whose data holds a token, a failed one on read.
    const connection = createRedis(r.url, { role: 'worker', name: 'test-workers' });
    connections.push(connection);
    for (const kind of ['read', 'backup'] as const) {
      const name = queueName(kind, config.hostId);
      const q = openQueue(name, { connection: redis });
      queues.push(q);
      const eventsConn = createRedis(r.url, { role: 'worker', name: `ev-${kind}` });
      connections.push(eventsConn);
      const events = openQueueEvents(name, { connection: eventsConn });
      await events.waitUntilReady();
      const w = openWorker(
        name,
        async (job) => {
          if (job.name === 'broken.job') throw new Error(`boom with ${OTHER_TOKEN}`);
          if (job.name === 'status.summary') {
            return {
              sample: sampleAt(Date.now(), config.hddMount),
              sampleAgeMs: 0,
              hddMount: config.hddMount,
              services: [
                { unit: 'n8n.service', active: 'failed', sub: 'failed', found: true },
                { unit: 'cloudflared.service', active: 'active', sub: 'running', found: true },
              ],
            };
          }
          return { ok: true };
        },
        { connection },
      );
      workers.push(w);
      const job = await q.add(kind === 'backup' ? 'backup.run' : 'broken.job', { chatId: 1001, path: '/srv/data', note: `token ${OTHER_TOKEN}`, url: `https://api.telegram.org/bot${encodeURIComponent(OTHER_TOKEN)}/getMe`, lower: OTHER_TOKEN.replace(':', '%3a'), secretHalf: BOT_TOKEN.split(':')[1] }, { attempts: 1 });
      await job.waitUntilFinished(events, 10_000).catch(() => undefined);
      if (kind === 'read') {
        const summary = await q.add('status.summary', { payload: {}, meta: {} }, { attempts: 1 });
        await summary.waitUntilFinished(events, 10_000);
      }
      await events.close();
    }
    const limiter = new FailureLimiter({ now: () => clock, maxFailures: 5, windowMs: 15 * 60_000 });
    app = await buildDashboard({
      config,
      log: createLogger({ name: 'dashboard', logDir: undefined, level: 'warn', stdout: false }),
      redis,
      password: PASSWORD,
      limiter,
      now: () => clock,
    });
    await app.ready();
  });

  after(async () => {
    await app?.close();
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.close()));
    redis?.disconnect();
    connections.forEach((c) => c.disconnect());
    await r?.stop();
  });

  const bearer = { authorization: `Bearer ${PASSWORD}` };
  async function login(ip = '10.0.0.9'): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/login', remoteAddress: ip, payload: `password=${encodeURIComponent(PASSWORD)}&next=%2Fqueues`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/queues');
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    return cookie.split(';')[0]!;
  }

  test('every route but /healthz refuses a request without the password', async () => {
    const health = await app.inject({ url: '/healthz' });
    assert.equal(health.statusCode, 200, health.body);
    assert.equal(health.json().ok, true);
    for (const url of ['/', '/metrics', BULL_BOARD_PATH, `${BULL_BOARD_PATH}/api/queues`, `${BULL_BOARD_PATH}/api/redis/stats`, `${BULL_BOARD_PATH}/static/css/x.css`, '/no-such-page']) {
      const api = await app.inject({ url });
      assert.equal(api.statusCode, 401, `${url} without a password`);
      const browser = await app.inject({ url, headers: { accept: 'text/html' } });
      assert.equal(browser.statusCode, 302, `${url} from a browser`);
      assert.equal(browser.headers.location, `/login?next=${encodeURIComponent(url)}`);
      const forged = await app.inject({ url, headers: { cookie: `${SESSION_COOKIE}=99999999999.${'x'.repeat(43)}` } });
      assert.equal(forged.statusCode, 401, `${url} with a forged cookie`);
    }
    const post = await app.inject({ method: 'POST', url: `${BULL_BOARD_PATH}/api/queues/pause` });
    assert.equal(post.statusCode, 401);
  });

  test('the login form sets a session cookie that opens the home page and Bull Board', async () => {
    const cookie = await login();
    const home = await app.inject({ url: '/', headers: { cookie } });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Kondisi server/);
    assert.match(home.body, /Worker berjalan/);
    assert.match(home.body, /Disk \/ hampir penuh/, 'the open alert is listed');
    assert.match(home.body, /Alert terbuka \(2\)/);
    assert.doesNotMatch(home.body, /Alert temp/, 'a resolved alert is not listed as open');
    assert.match(home.body, /TIDAK ter-mount/, 'the unmounted HDD is called out');
    assert.match(home.body, /&lt;img src=x onerror=alert\(1\)&gt;/, 'alert text is escaped');
    assert.doesNotMatch(home.body, /<img|<b>odd/, 'no markup from Redis reaches the page');
    assert.match(home.body, /Backup terakhir/);
    assert.match(home.body, /<code>n8n\.service<\/code><\/td><td class="bad">❌ mati<\/td>/, 'service states from the newest status.summary');
    assert.match(home.body, /cloudflared\.service<\/code><\/td><td class="ok">✅ jalan<\/td>/);
    assert.match(home.body, new RegExp(`href="${BULL_BOARD_PATH}"`));
    const board = await app.inject({ url: `${BULL_BOARD_PATH}/`, headers: { cookie } });
    assert.equal(board.statusCode, 200);
    assert.match(board.body, /static\/js\/main/);
    const api = await app.inject({ url: `${BULL_BOARD_PATH}/api/queues`, headers: { cookie } });
    const names = (api.json() as { queues: Array<{ name: string; readOnlyMode: boolean }> }).queues.map((q) => q.name).sort();
    assert.deepEqual(names, ['backup@home', 'notify@home', 'once@home', 'read@home']);
  });

  test('a logged-out or expired session no longer opens anything', async () => {
    const cookie = await login('10.0.0.10');
    const out = await app.inject({ url: '/logout', headers: { cookie } });
    assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
    const saved = clock;
    clock += 31 * 24 * 3600_000;
    try {
      assert.equal((await app.inject({ url: '/', headers: { cookie } })).statusCode, 401);
    } finally {
      clock = saved;
    }
  });

  test('wrong passwords are rate-limited per client until the window ends', async () => {
    const ip = '10.0.0.66';
    const form = (password: string) =>
      app.inject({ method: 'POST', url: '/login', remoteAddress: ip, payload: `password=${encodeURIComponent(password)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    for (let i = 0; i < 5; i += 1) {
      const res = await form(`wrong-guess-${i}`);
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /Kata sandi salah/);
    }
    const blocked = await form(PASSWORD);
    assert.equal(blocked.statusCode, 429, 'even the right password waits');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.match(blocked.body, /Terlalu banyak/);
    const header = await app.inject({ url: '/metrics', remoteAddress: ip, headers: bearer });
    assert.equal(header.statusCode, 429, 'the Authorization header shares the same limit');
    const elsewhere = await app.inject({ url: '/metrics', remoteAddress: '10.0.0.67', headers: bearer });
    assert.equal(elsewhere.statusCode, 200, 'another client is not blocked');
    const saved = clock;
    clock += 15 * 60_000 + 1;
    try {
      assert.equal((await form(PASSWORD)).statusCode, 303, 'the window ended');
    } finally {
      clock = saved;
    }
  });

  test('a wrong Bearer or Basic password is refused; the right ones open /metrics', async () => {
    const ip = '10.0.0.70';
    assert.equal((await app.inject({ url: '/metrics', remoteAddress: ip, headers: { authorization: 'Bearer not-the-password' } })).statusCode, 401);
    const basic = `Basic ${Buffer.from(`prometheus:${PASSWORD}`).toString('base64')}`;
    assert.equal((await app.inject({ url: '/metrics', remoteAddress: ip, headers: { authorization: basic } })).statusCode, 200);
    assert.equal((await app.inject({ url: '/metrics', remoteAddress: ip, headers: bearer })).statusCode, 200);
  });

  test('/metrics parses as Prometheus text and carries every series the README documents', async () => {
    const res = await app.inject({ url: '/metrics', headers: bearer });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const prom = parsePromText(res.body);
    const documented = [...readFileSync(README, 'utf8').matchAll(/^\| `(potion_[a-z0-9_]+)` \|/gm)].map((m) => m[1]!);
    assert.ok(documented.length >= 20, `README documents ${documented.length} series`);
    const families = new Set(prom.types.keys());
    for (const name of documented) assert.ok(families.has(name), `${name} is documented but not exported`);
    for (const family of families) {
      if (family.startsWith('potion_dashboard_')) continue;
      assert.ok(documented.includes(family), `${family} is exported but not documented in the README`);
    }
    const value = (name: string, labels: Record<string, string> = {}) =>
      prom.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    assert.equal(value('potion_redis_up'), 1);
    assert.equal(value('potion_health_ok'), 1);
    assert.equal(value('potion_queue_jobs', { queue: 'backup@home', state: 'completed' }), 1);
    assert.equal(value('potion_queue_jobs', { queue: 'read@home', state: 'completed' }), 1);
    assert.equal(value('potion_queue_jobs', { queue: 'read@home', state: 'failed' }), 1);
    assert.equal(value('potion_queue_jobs', { queue: 'notify@home', state: 'waiting' }), 0);
    assert.equal(value('potion_job_duration_seconds_count', { queue: 'backup@home', name: 'backup.run', outcome: 'completed' }), 1);
    assert.equal(value('potion_host_cpu_usage_percent', { host: 'home' }), 12.5);
    assert.equal(value('potion_host_disk_mounted', { mount: config.hddMount }), 0);
    assert.equal(value('potion_host_memory_bytes', { kind: 'total' }), 8e9);
    assert.ok((value('potion_backup_last_success_timestamp_seconds') ?? 0) > Date.now() / 1000 - 60);
    assert.equal(value('potion_backup_last_run_success'), 1);
    assert.equal(value('potion_alert_open', { alert: 'disk:/' }), 1);
    assert.equal(value('potion_alert_open', { alert: 'temp' }), 0);
    assert.equal(value('potion_alerts_open'), 2);
    assert.equal(value('potion_alert_open', { alert: '<b>odd</b>' }), 1, 'label values are escaped, not dropped');
    assert.ok((value('potion_dashboard_process_resident_memory_bytes') ?? 0) > 1e6);
    // A second scrape does not count the same finished job twice.
    const again = parsePromText((await app.inject({ url: '/metrics', headers: bearer })).body);
    assert.equal(again.samples.find((s) => s.name === 'potion_job_duration_seconds_count' && s.labels.name === 'backup.run')?.value, 1);
    // A job that finishes later is counted at the next scrape, once.
    const backup = queues.find((q) => q.name === 'backup@home')!;
    const added = await backup.add('backup.run', { chatId: 1001 });
    await waitFor('the second backup to finish', async () => (await backup.getJobState(added.id!)) === 'completed');
    const third = parsePromText((await app.inject({ url: '/metrics', headers: bearer })).body);
    assert.equal(third.samples.find((s) => s.name === 'potion_job_duration_seconds_count' && s.labels.name === 'backup.run')?.value, 2);
  });

  test('Bull Board is read-only by default: retry and clean are refused', async () => {
    for (const url of [`${BULL_BOARD_PATH}/api/queues/read%40home/retry/failed`, `${BULL_BOARD_PATH}/api/queues/read%40home/clean/failed`, `${BULL_BOARD_PATH}/api/queues/pause`]) {
      const res = await app.inject({ method: 'PUT', url, headers: bearer });
      assert.equal(res.statusCode, 403, url);
    }
    assert.equal(await queues.find((q) => q.name === 'read@home')!.getJobCountByTypes('failed'), 1, 'the failed job is still there');
  });

  test('job data is shown with chat ids and paths but never a token or the password', async () => {
    const cookie = await login('10.0.0.11');
    const res = await app.inject({ url: `${BULL_BOARD_PATH}/api/queues?activeQueue=backup%40home&status=completed`, headers: { cookie } });
    const failed = await app.inject({ url: `${BULL_BOARD_PATH}/api/queues?activeQueue=read%40home&status=failed`, headers: { cookie } });
    for (const body of [res.body, failed.body]) {
      assert.match(body, /\/srv\/data/);
      assert.match(body, /1001/);
      assert.doesNotMatch(body, new RegExp(OTHER_TOKEN));
      assert.ok(!body.includes(OTHER_TOKEN.split(':')[1]!), 'no percent-encoded form of a token-shaped value');
      assert.ok(!body.includes(BOT_TOKEN.split(':')[1]!), 'not even the secret half of the bot token alone');
      assert.match(body, /\[redacted-token\]/);
    }
    for (const url of ['/', '/metrics', `${BULL_BOARD_PATH}/`, `${BULL_BOARD_PATH}/api/redis/stats`]) {
      const page = await app.inject({ url, headers: { cookie } });
      assert.ok(!page.body.includes(PASSWORD) && !page.body.includes(BOT_TOKEN), `${url} leaks a secret`);
    }
  });

  test('every response carries the security headers, 401s and redirects included', async () => {
    const check = (res: LightMyRequestResponse, what: string) => {
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/, what);
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, what);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
      assert.equal(res.headers['x-frame-options'], 'DENY', what);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
    };
    check(await app.inject({ url: '/metrics' }), '401');
    check(await app.inject({ url: '/', headers: { accept: 'text/html' } }), 'redirect');
    check(await app.inject({ url: '/healthz' }), 'healthz');
    check(await app.inject({ url: '/', headers: bearer }), 'home');
    assert.equal((await app.inject({ url: '/', headers: bearer })).headers['cache-control'], 'no-store');
  });

  test('the login cannot redirect to another site', async () => {
    const offsite = ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '/ \t/evil.example', '/%09/evil.example', '/%2F/evil.example', '/%5Cevil.example', '/x\\..\\..\\evil', '\u0000//evil.example', '/\u202E/evil.example'];
    for (const next of offsite) {
      const res = await app.inject({ method: 'POST', url: '/login', remoteAddress: '10.0.0.12', payload: `password=${PASSWORD}&next=${encodeURIComponent(next)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.headers.location, '/', JSON.stringify(next));
      const form = await app.inject({ url: `/login?next=${encodeURIComponent(next)}` });
      assert.match(form.body, /<input type="hidden" name="next" value="\/">/, `the form carries / instead of ${JSON.stringify(next)}`);
    }
    // What the review sent, as a browser sends it: the raw query /%09/evil.example.
    const raw = await app.inject({ url: '/login?next=/%09/evil.example' });
    assert.match(raw.body, /<input type="hidden" name="next" value="\/">/);
    for (const next of ['/queues', '/queues/queue/read%40home?status=failed', '/metrics']) {
      const res = await app.inject({ method: 'POST', url: '/login', remoteAddress: '10.0.0.12', payload: `password=${PASSWORD}&next=${encodeURIComponent(next)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.headers.location, next, 'a path on this site is kept');
    }
  });

  test('after logout a copied session cookie is refused at once', async () => {
    const cookie = await login('10.0.0.13');
    const copy = cookie;
    assert.equal((await app.inject({ url: '/', headers: { cookie: copy } })).statusCode, 200);
    const out = await app.inject({ url: '/logout', headers: { cookie } });
    assert.equal(out.statusCode, 303);
    assert.equal((await app.inject({ url: '/', headers: { cookie: copy } })).statusCode, 401, 'the copy no longer opens the home page');
    assert.equal((await app.inject({ url: `${BULL_BOARD_PATH}/api/queues`, headers: { cookie: copy } })).statusCode, 401);
    const again = await login('10.0.0.13');
    assert.equal((await app.inject({ url: '/', headers: { cookie: again } })).statusCode, 200, 'a new login works');
  });

  test('a logout without a valid session logs nobody out', async () => {
    const cookie = await login('10.0.0.14');
    await app.inject({ url: '/logout' });
    await app.inject({ url: '/logout', headers: { cookie: `${SESSION_COOKIE}=99999999999.${'x'.repeat(43)}` } });
    assert.equal((await app.inject({ url: '/', headers: { cookie } })).statusCode, 200);
  });

  test('a password change ends every session, even after changing the password back', async () => {
    const cookie = await login('10.0.0.15');
    const build = (password: string) =>
      buildDashboard({ config, log: createLogger({ name: 'dashboard', logDir: undefined, level: 'warn', stdout: false }), redis, password });
    const changed = await build('a-new-password-456');
    await changed.close();
    const back = await build(PASSWORD);
    try {
      assert.equal((await back.inject({ url: '/', headers: { cookie } })).statusCode, 401, 'the old cookie is refused');
      assert.equal((await app.inject({ url: '/', headers: { cookie } })).statusCode, 401, 'also by the dashboard that issued it');
    } finally {
      await back.close();
    }
  });

  test('with DASHBOARD_ALLOW_ACTIONS=true the board can retry failed jobs', async () => {
    const open = await buildDashboard({
      config: { ...config, dashboard: { ...config.dashboard, allowActions: true } },
      log: createLogger({ name: 'dashboard', logDir: undefined, level: 'warn', stdout: false }),
      redis,
      password: PASSWORD,
    });
    try {
      const list = await open.inject({ url: `${BULL_BOARD_PATH}/api/queues`, headers: bearer });
      assert.ok((list.json() as { queues: Array<{ readOnlyMode: boolean }> }).queues.every((q) => !q.readOnlyMode));
      const failedQueue = queues.find((q) => q.name === 'read@home')!;
      // Stop consuming, so the retried job stays waiting instead of failing again at once.
      await workers[0]!.close();
      assert.equal(await failedQueue.getJobCountByTypes('failed'), 1);
      const res = await open.inject({ method: 'PUT', url: `${BULL_BOARD_PATH}/api/queues/read%40home/retry/failed`, headers: bearer });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await failedQueue.getJobCountByTypes('failed'), 0);
      assert.equal(await failedQueue.getJobCountByTypes('wait'), 1);
      const anonymous = await open.inject({ method: 'PUT', url: `${BULL_BOARD_PATH}/api/queues/backup%40home/clean/completed` });
      assert.equal(anonymous.statusCode, 401, 'actions still need the password');
    } finally {
      await open.close();
    }
  });

  test('/healthz answers 503 naming the worker when its sign of life is stale', async () => {
    await redis.set(hostKeys(config.hostId).heartbeat, String(Date.now() - 10 * 60_000));
    const s = sampleAt(Date.now() - 10 * 60_000, config.hddMount);
    await redis.set(hostKeys(config.hostId).sampleLatest, JSON.stringify(s));
    const res = await waitFor('a 503', async () => {
      const x = await app.inject({ url: '/healthz' });
      return x.statusCode === 503 ? x : undefined;
    });
    assert.match(res.json().problems.join(' '), /worker/);
  });
});
