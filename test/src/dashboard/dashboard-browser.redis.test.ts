import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { buildDashboard } from '@potion/dashboard';
import { openQueue, queueName, waitReady } from '@potion/jobs';
import { createLogger, createRedis } from '@potion/platform';
import { startTestRedis, testConfig, waitFor } from '@potion/testkit';
import { startWorkerApp } from '@potion/worker';
import { chromium } from 'playwright-core';
import { seedHomeHarness } from '../harness/dashboard-home-seed.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));
/** This machine has no outside network: without these Chromium stalls on refused connections. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (npm run setup does) to run the browser test`;

test('in a real browser, a user logs in and sees the queues and a completed job in Bull Board', { skip, timeout: 90_000 }, async (t) => {
  const cleanups: Array<() => unknown> = [];
  t.after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const r = await startTestRedis();
  cleanups.push(() => r.stop());
  const config = testConfig({ SAMPLE_INTERVAL_SEC: '2' });
  const log = createLogger({ name: 'test', logDir: undefined, level: 'error', stdout: false });
  const worker = await startWorkerApp({ config, log, redisUrl: r.url });
  cleanups.push(() => worker.stop());

  // The scheduler's first health.sample completes on its own: the job the user should see.
  const redis = createRedis(r.url, { role: 'producer', name: 'test-dashboard' });
  cleanups.push(() => redis.disconnect());
  await waitReady(redis);
  const read = openQueue(queueName('read', config.hostId), { connection: redis });
  cleanups.push(() => read.close());
  await waitFor('a completed health.sample job', async () => (await read.getJobs(['completed'])).some((j) => j?.name === 'health.sample'), 20_000);

  const password = 'browser-test-password-123';
  const app = await buildDashboard({ config, log, redis, password });
  cleanups.push(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const base = `http://127.0.0.1:${address.port}`;

  const userDataDir = mkdtempSync(join(tmpdir(), 'potion-chromium-'));
  cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const blockedScripts: string[] = [];
  page.on('console', (msg) => {
    // The CSP blocks Bull Board's web-font stylesheet on purpose; a blocked script would break it.
    if (msg.type() === 'error' && /Refused to (execute|load the script)/.test(msg.text())) blockedScripts.push(msg.text());
  });

  await page.goto(`${base}/queues`);
  assert.match(new URL(page.url()).pathname, /^\/login$/, 'an anonymous visitor lands on the login page');
  await page.fill('#password', 'not-the-password');
  await page.click('button[type=submit]');
  await page.getByText('Kata sandi salah').waitFor({ timeout: 10_000 });
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/queues`, { timeout: 10_000 });

  // Bull Board lists every queue of the registry.
  for (const name of ['read@home', 'once@home', 'backup@home', 'notify@home']) {
    await page.getByText(name, { exact: true }).first().waitFor({ timeout: 20_000 });
  }
  await page.goto(`${base}/queues/queue/${encodeURIComponent('read@home')}?status=completed`);
  await page.getByText('health.sample').first().waitFor({ timeout: 20_000 });
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-bull-board.png'), fullPage: true });

  await page.goto(`${base}/`);
  await page.getByText('Worker berjalan').waitFor({ timeout: 10_000 });
  await page.getByText('Kondisi server').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-home.png'), fullPage: true });
  // The user opens it on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-home-phone.png'), fullPage: true });
  assert.deepEqual(blockedScripts, [], 'the CSP blocked no script');

  // A login link whose next= hides a second slash behind a tab or a newline (the browser drops
  // them from URLs) must land on this dashboard, not on another site. Chromium's CSP
  // (form-action 'self') happens to block a form whose redirect leaves the site; browsers that do
  // not check form-action on redirects follow it, so the second context leaves CSP out.
  const loose = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  cleanups.push(() => loose.close());
  const looseContext = await loose.newContext({ bypassCSP: true });
  for (const [what, ctx] of [['CSP not applied', looseContext], ['CSP on', context]] as const) {
    const tab = ctx === context ? page : await ctx.newPage();
    // No outside network here: a request to another host is recorded (it then fails to resolve).
    const offsite: string[] = [];
    tab.on('request', (req) => {
      if (new URL(req.url()).origin !== base) offsite.push(req.url());
    });
    for (const next of ['/%09/evil.example', '/%0A/evil.example', '/%5C/evil.example', '/%2F/evil.example']) {
      await tab.goto(`${base}/login?next=${next}`);
      await tab.fill('#password', password);
      const navigated = tab.waitForEvent('framenavigated', { predicate: (f) => f === tab.mainFrame(), timeout: 10_000 });
      await tab.click('button[type=submit]');
      await navigated;
      assert.deepEqual(offsite, [], `${what}: next=${next} led the browser off-site`);
      assert.equal(tab.url(), `${base}/`, `${what}: next=${next} lands on the home page`);
    }
  }

  // Logging out ends the session on the server: a copy of the cookie taken before opens nothing.
  const copied = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join('; ');
  assert.equal((await fetch(`${base}/`, { headers: { cookie: copied } })).status, 200);
  await page.goto(`${base}/logout`);
  assert.match(new URL(page.url()).pathname, /^\/login$/);
  assert.equal((await fetch(`${base}/`, { headers: { cookie: copied } })).status, 401, 'the copied cookie is refused after logout');
});

// Issue 19 point 9: the home page as a person reads it, on a phone and on a desktop, with an hour
// of samples, the services and an open CPU alert written by the real worker (fake clock).
test('in a real browser, the home page shows the alert sentence, the services and the charts at phone and desktop widths', { skip, timeout: 120_000 }, async (t) => {
  const cleanups: Array<() => unknown> = [];
  t.after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const h = await seedHomeHarness();
  cleanups.push(() => h.stop());
  const log = createLogger({ name: 'test', logDir: undefined, level: 'error', stdout: false });
  const password = 'browser-test-password-123';
  const app = await buildDashboard({ config: h.cfg, log, redis: h.conn, password, now: () => h.clock.now });
  cleanups.push(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const base = `http://127.0.0.1:${address.port}`;

  const shots = join(tmpdir(), 'potion-dashboard-home');
  mkdirSync(shots, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'potion-chromium-'));
  cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const refused: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Refused to/.test(msg.text())) refused.push(msg.text());
  });
  await page.goto(`${base}/login`);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/`, { timeout: 10_000 });

  for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(viewport);
    await page.goto(`${base}/`);
    const alert = page.locator('#alert li', { hasText: 'CPU sibuk terus' });
    await alert.waitFor({ timeout: 10_000 });
    assert.match(await alert.innerText(), /🔥 CPU sibuk terus: 95%[\s\S]*Sejak 15:51, 9 menit lalu/, `${name}: the alert as a sentence with its local time and age`);
    assert.match(await page.locator('#layanan tr', { hasText: 'n8n.service' }).innerText(), /n8n\.service\s+❌ mati/, `${name}: a service line with its state`);
    assert.match(await page.locator('#layanan tr', { hasText: 'cloudflared.service' }).innerText(), /✅ jalan/);
    const charts = page.locator('#grafik svg.chart');
    assert.equal(await charts.count(), 4, `${name}: CPU, RAM, temperature and disk charts`);
    for (let k = 0; k < 4; k++) {
      const box = await charts.nth(k).boundingBox();
      assert.ok(box && box.width > 250 && box.height > 100, `${name}: chart ${k} is drawn at a readable size`);
      const drawn = await charts.nth(k).locator('path').evaluateAll((paths) => paths.map((p) => (p as unknown as { getTotalLength(): number }).getTotalLength()));
      assert.ok(drawn.length > 0 && drawn.every((len) => len > 50), `${name}: chart ${k} has lines through its data points`);
      assert.ok(Number(await charts.nth(k).getAttribute('data-points')) >= 60, `${name}: chart ${k} has a point per minute`);
    }
    const text = await page.locator('body').innerText();
    for (const raw of ['sinceIso', 'notified', 'reminders', 'firing', 'Belum ada data layanan']) assert.ok(!text.includes(raw), `${name}: no raw ${raw}`);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0, `${name}: nothing wider than the screen`);
    await page.screenshot({ path: join(shots, `home-${name}.png`), fullPage: true });
    await page.locator('#grafik').screenshot({ path: join(shots, `home-${name}-charts.png`) });
  }

  // The 24 h window is a link (no script): the phone user taps it.
  await page.getByRole('link', { name: '24 jam' }).click();
  await page.getByRole('heading', { name: 'Grafik 24 jam terakhir' }).waitFor({ timeout: 10_000 });
  assert.match(page.url(), /\?jam=24#grafik$/);
  assert.equal(await page.locator('#grafik svg.chart').count(), 4);
  await page.screenshot({ path: join(shots, 'home-phone-24h.png'), fullPage: true });
  assert.deepEqual(refused, [], 'the CSP refused nothing on the home page');
  t.diagnostic(`screenshots in ${shots}`);
});
