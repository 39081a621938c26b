import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { DASHBOARD_PASSWORD, startTwoHosts } from '../harness/dash-two-hosts.js';

const CHROMIUM = '/usr/bin/chromium';
/** This machine has no outside network: without these Chromium stalls on refused connections. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (npm run setup does) to run the browser test`;

// Issue 18: two real workers (home, pi) on one Redis; the home dashboard in a real browser at
// desktop and phone widths shows both hosts, their queues in Bull Board and pi's charts on request.
test('in a real browser, the dashboard shows both hosts, their queues and the charts of the chosen host', { skip, timeout: 180_000 }, async (t) => {
  const cleanups: Array<() => unknown> = [];
  t.after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const h = await startTwoHosts();
  cleanups.push(() => h.stop());
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const address = h.app.server.address();
  assert.ok(address && typeof address === 'object');
  const base = `http://127.0.0.1:${address.port}`;

  const shots = join(tmpdir(), 'potion-dashboard-hosts');
  mkdirSync(shots, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'potion-chromium-'));
  cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const refused: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Refused to (execute|load the script)/.test(msg.text())) refused.push(msg.text());
  });
  await page.goto(`${base}/login`);
  await page.fill('#password', DASHBOARD_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/`, { timeout: 10_000 });

  for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(viewport);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Semua host' }).waitFor({ timeout: 10_000 });
    for (const host of ['home', 'pi']) {
      const line = await page.locator('#host li', { hasText: host }).innerText();
      assert.match(line, new RegExp(`^${host} · 🟢 nyala · CPU [\\d,]+% · RAM [\\d,]+% · disk / [\\d,]+%`), `${name}: ${host}'s status line`);
      assert.match(await page.locator(`#host-${host} h2.host`).innerText(), new RegExp(host));
      await page.locator(`#${host}-layanan`).waitFor();
      await page.locator(`#${host}-backup`).waitFor();
    }
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0, `${name}: nothing wider than the screen`);
    await page.screenshot({ path: join(shots, `hosts-${name}.png`), fullPage: true });
  }

  // The phone user picks pi's charts from the host selector (a link, no script).
  await page.locator('#grafik nav.range a', { hasText: 'pi' }).click();
  await page.getByRole('heading', { name: 'Grafik pi 1 jam terakhir' }).waitFor({ timeout: 10_000 });
  assert.match(page.url(), /\?host=pi&jam=1#grafik$/);
  await page.getByRole('link', { name: '6 jam' }).click();
  await page.getByRole('heading', { name: 'Grafik pi 6 jam terakhir' }).waitFor({ timeout: 10_000 });
  await page.locator('#grafik').screenshot({ path: join(shots, 'hosts-phone-pi-charts.png') });

  // Bull Board lists the queues of both hosts.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${base}/queues`);
  for (const q of ['read@home', 'notify@home', 'read@pi', 'notify@pi']) await page.getByText(q, { exact: true }).first().waitFor({ timeout: 20_000 });
  await page.goto(`${base}/queues/queue/${encodeURIComponent('read@pi')}?status=completed`);
  await page.getByText('health.sample').first().waitFor({ timeout: 20_000 });
  await page.screenshot({ path: join(shots, 'hosts-bull-board-pi.png'), fullPage: true });
  assert.deepEqual(refused, [], 'the CSP blocked no script');
  t.diagnostic(`screenshots in ${shots}`);
});
