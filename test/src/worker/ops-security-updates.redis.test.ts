import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { hostKeys } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { startOps, VIEWER, type OpsHarness } from '../harness/ops-harness.js';

// Real Redis and worker; apt-get is the PATH stand-in (its simulation's shape is checked
// against the real apt-get in standin-apt-simulate.test.ts). The reboot marker is a real
// file at REBOOT_REQUIRED_FILE.
let h: OpsHarness;
let dir: string;
let marker: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'potion-reboot-'));
  marker = join(dir, 'reboot-required');
  h = await startOps({ env: { REBOOT_REQUIRED_FILE: marker } });
});
after(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  rmSync(marker, { force: true });
  rmSync(`${marker}.pkgs`, { force: true });
  h.standins.clear('apt/upgradable');
  await h.keys.del(hostKeys(h.config.hostId).securityUpdates);
});

const SECURITY = 'Ubuntu:24.04/noble-updates, Ubuntu:24.04/noble-security';
const pending = [
  `openssl 3.0.13-0ubuntu3.4 3.0.13-0ubuntu3.5 ${SECURITY}`,
  `libssl3t64 3.0.13-0ubuntu3.4 3.0.13-0ubuntu3.5 ${SECURITY}`,
  'vim 2:9.1.0016-1ubuntu7.5 2:9.1.0016-1ubuntu7.6',
].join('\n');

test('Status shows the pending security updates counted by health.updates, without running apt on the press', async () => {
  h.standins.set('apt/upgradable', `${pending}\n`);
  const counted = await h.ask('health.updates', {});
  assert.match(counted.text, /🔐 2 update keamanan menunggu \(openssl, libssl3t64\)/);
  const aptCalls = h.standins.calls('apt-get').length;
  const msg = await h.ask('status.summary', {}, { userId: VIEWER });
  assert.match(msg.text, /\n🔐 2 update keamanan menunggu \(openssl, libssl3t64\) · pasang lewat 🔄 Update → Apt/);
  assert.equal(h.standins.calls('apt-get').length, aptCalls, 'the press ran no apt-get');
  assert.doesNotMatch(msg.text, /Perlu reboot/);
  assert.deepEqual(msg.buttons?.flat().map((b) => b.data), ['status:detail'], 'no reboot button without the marker');
});

test('with the marker file, Status says a reboot is needed (with the packages) and offers the reboot button', async () => {
  writeFileSync(marker, '*** System restart required ***\n');
  writeFileSync(`${marker}.pkgs`, 'linux-image-6.8.0-51-generic\nlibc6\nlinux-image-6.8.0-51-generic\n');
  const msg = await h.ask('status.summary', {});
  assert.match(msg.text, /\n♻️ Perlu reboot supaya update aktif \(linux-image-6\.8\.0-51-generic, libc6\)/);
  assert.deepEqual(msg.buttons, [[{ text: '🔍 Detail', data: 'status:detail' }], [{ text: '♻️ Reboot sekarang', data: 'pw:reboot' }]]);
});

test('with the marker absent and nothing counted yet, Status has no update or reboot line', async () => {
  const msg = await h.ask('status.summary', {});
  assert.doesNotMatch(msg.text, /🔐|♻️|Update keamanan|reboot/i);
  assert.equal(msg.buttons?.length, 1);
});

test('apt that cannot be read gives one "gak kebaca" line with why, and the rest of Status', async () => {
  h.standins.fail('apt-get', 100, "E: dpkg was interrupted, you must manually run 'dpkg --configure -a' to correct the problem.");
  await h.ask('health.updates', {});
  const msg = await h.ask('status.summary', {});
  assert.match(msg.text, /\n⚠️ Update keamanan: gak kebaca \("apt-get" gagal \(kode 100\): E: dpkg was interrupted/);
  assert.match(msg.text, /CPU/, 'the rest of Status is there');
});

test('a marker that cannot be read is one line, not a failed Status', async () => {
  // A folder where the file should be: reading it fails (EISDIR).
  const h2 = await startOps({ env: { REBOOT_REQUIRED_FILE: dir } });
  try {
    const msg = await h2.ask('status.summary', {});
    assert.match(msg.text, /\n⚠️ Tanda perlu reboot: gak kebaca \(isinya folder, bukan file\)/);
    assert.match(msg.text, /CPU/);
  } finally {
    await h2.stop();
  }
});

test('the daily digest has the security line and the reboot line, and the button', async () => {
  h.standins.set('apt/upgradable', `${pending}\n`);
  await h.ask('health.updates', {});
  writeFileSync(marker, '*** System restart required ***\n');
  const msg = await h.ask('health.digest', {});
  assert.match(msg.text, /\n🔐 2 update keamanan menunggu \(openssl, libssl3t64\)/);
  assert.match(msg.text, /\n♻️ Perlu reboot supaya update aktif\n/);
  assert.deepEqual(msg.buttons, [[{ text: '♻️ Reboot sekarang', data: 'pw:reboot' }]]);
});

test('the digest says when no security update is pending, and has no reboot line without the marker', async () => {
  await h.ask('health.updates', {});
  const msg = await h.ask('health.digest', {});
  assert.match(msg.text, /\n🔐 Tidak ada update keamanan yang menunggu\./);
  assert.doesNotMatch(msg.text, /reboot/i);
  assert.equal(msg.buttons, undefined);
});

test('update.apt counts again after the upgrade: Status no longer lists what was installed', async () => {
  h.standins.set('apt/upgradable', `${pending}\n`);
  await h.ask('health.updates', {});
  assert.match((await h.ask('status.summary', {})).text, /🔐 2 update keamanan/);
  const apt = await h.ask('update.apt', {});
  assert.match(apt.text, /3 paket di-upgrade/);
  // The count after the upgrade runs beside the result (never holding it back), so wait for it.
  const counted = async () => (JSON.parse((await h.keys.get(hostKeys(h.config.hostId).securityUpdates)) ?? '{}') as { count?: number }).count;
  await waitFor('the security updates to be counted again after the upgrade', async () => (await counted()) === 0 || undefined);
  const msg = await h.ask('status.summary', {});
  assert.doesNotMatch(msg.text, /🔐/);
});
