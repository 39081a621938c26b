import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { listSnapshots, OFFSITE_SCHEDULER_ID } from '@potion/worker';
import { sha256sumCheck } from '../harness/backup-helpers.js';
import { waitFor } from '@potion/testkit';
import { ADMIN, startOffsiteStack, writeRcloneConf, type OffsiteStack } from '../harness/offsite-helpers.js';

describe('off-site copy to a local-path rclone remote (real rclone, worker and Redis)', () => {
  let s: OffsiteStack;
  let dir: string;
  let conf: string;
  const remoteDir = () => join(dir, 'remote', 'latest');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'potion-offsite-'));
    conf = join(dir, 'rclone.conf');
    writeRcloneConf(conf);
    s = await startOffsiteStack({ OFFSITE_REMOTE: `loc:${join(dir, 'remote')}`, OFFSITE_RCLONE_CONFIG: conf, OFFSITE_SCHEDULE: 'sat 04:15' });
    writeFileSync(join(s.sb.src, 'app.json'), '{"v":1}');
    writeFileSync(join(s.sb.src, 'notes.txt'), 'hello\n'.repeat(1000));
    assert.equal(await s.settled('backup.run', await s.enqueue('backup.run', { trigger: 'manual' })), 'completed');
  });
  after(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs the weekly scheduler from OFFSITE_SCHEDULE (Saturday 04:15 in TIMEZONE) with the retry backoff', async () => {
    const sched = await s.app.deps.producer.queue('read').getJobScheduler(OFFSITE_SCHEDULER_ID);
    assert.equal(sched?.pattern, '15 4 * * 6');
    assert.equal(sched?.tz, s.config.timezone);
    assert.deepEqual(sched?.template?.opts?.backoff, { type: 'exponential', delay: 600_000 });
    assert.equal(sched?.template?.opts?.attempts, 3);
  });

  it('sends the newest snapshot (verified first), rclone check matches, and the courier result says so', async () => {
    const id = await s.enqueue('offsite.run', { trigger: 'manual' });
    assert.equal(await s.settled('offsite.run', id), 'completed');
    const [snap] = await listSnapshots(s.sb.backupDir);
    const msg = await s.resultFor(/sudah ada di off-site/);
    assert.match(msg.text, /^Beres! ✅/);
    assert.match(msg.text, new RegExp(`Snapshot ${snap!.name} sudah ada di off-site \\(loc:.*/latest\\)`));
    assert.match(msg.text, /📤 Dikirim .* \(\d+ file baru\/berubah\)/);
    assert.match(msg.text, /✅ rclone check: \d+ file cocok/);
    assert.match(msg.text, /belum pernah dicek, jadi aku verifikasi dulu/);
    assert.doesNotMatch(msg.text, /terenkripsi/);
    // What a user restoring from the remote does: the copy checks out with sha256sum.
    sha256sumCheck(remoteDir());
    assert.equal(readFileSync(join(remoteDir(), 'data', s.sb.src, 'app.json'), 'utf8'), '{"v":1}');
    const last = JSON.parse((await s.app.deps.redis.get(s.app.deps.keys.offsiteLast)) ?? '{}') as { ok?: boolean; snapshot?: string; matched?: boolean };
    assert.deepEqual({ ok: last.ok, snapshot: last.snapshot, matched: last.matched }, { ok: true, snapshot: snap!.name, matched: true });
  });

  it('Status and the daily digest carry "off-site terakhir"', async () => {
    await s.enqueue('status.summary', {});
    const status = await s.resultFor(/📊 Status server/);
    assert.match(status.text, /☁️ Off-site terakhir: \d+ detik lalu \(snapshot \S+\), rclone check cocok ✅/);
    await s.enqueue('health.digest', {});
    const digest = await s.resultFor(/Ringkasan harian/);
    assert.match(digest.text, /☁️ Off-site terakhir: \d+ detik lalu \(snapshot \S+\), rclone check cocok ✅/);
  });

  it('a second run sends nothing new', async () => {
    assert.equal(await s.settled('offsite.run', await s.enqueue('offsite.run', { trigger: 'manual' })), 'completed');
    await s.resultFor(/Tidak ada yang perlu dikirim: isi remote sudah sama/);
  });

  it('a newer snapshot whose verification fails is not sent; the remote keeps the last good copy', async () => {
    writeFileSync(join(s.sb.src, 'app.json'), '{"v":2}');
    assert.equal(await s.settled('backup.run', await s.enqueue('backup.run', { trigger: 'manual' })), 'completed');
    // Retention keeps one snapshot a day: the new one replaced the sent one on the HDD.
    const snaps = await listSnapshots(s.sb.backupDir);
    assert.equal(snaps.length, 1);
    writeFileSync(join(snaps[0]!.path, 'data', s.sb.src, 'stray.bin'), 'not in the manifest');
    const id = await s.enqueue('offsite.run', { trigger: 'manual' });
    assert.equal(await s.settled('offsite.run', id), 'failed');
    assert.equal((await s.app.deps.producer.queue('read').getJob(id))?.attemptsMade, 1, 'not retried');
    const msg = await s.resultFor(/belum ada snapshot yang lolos verifikasi/);
    assert.match(msg.text, /^Kenapa ya\.\.\. ❌/);
    assert.equal(readFileSync(join(remoteDir(), 'data', s.sb.src, 'app.json'), 'utf8'), '{"v":1}');
    sha256sumCheck(remoteDir());
  });

  it('a remote missing from rclone.conf fails once, is not retried, and says to run rclone config', async () => {
    writeFileSync(conf, '# emptied by the test\n');
    const id = await s.enqueue('offsite.run', { trigger: 'manual' });
    assert.equal(await s.settled('offsite.run', id), 'failed');
    const job = await s.app.deps.producer.queue('read').getJob(id);
    assert.equal(job?.attemptsMade, 1, 'not retried');
    const msg = await s.resultFor(/belum ada di/);
    assert.match(msg.text, /^Kenapa ya\.\.\. ❌/);
    assert.match(msg.text, /remote "loc" belum ada di .*rclone\.conf\. Jalankan `rclone config` sebagai user service/);
    assert.doesNotMatch(msg.text, /Coba ulang sebentar lagi/);
    await s.enqueue('status.summary', {});
    await s.resultFor(/☁️ Off-site terakhir GAGAL \d+ detik lalu ❌ remote "loc" belum ada/);
    assert.ok(existsSync(remoteDir()), 'the copy made earlier is left alone');
  });

  it('a press while another copy runs is answered "lagi jalan" and starts no second rclone', async () => {
    await s.app.deps.redis.set(s.app.deps.keys.offsiteRunning, 'someone-else', 'PX', 60_000);
    try {
      const id = await s.enqueue('offsite.run', { trigger: 'manual' });
      assert.equal(await s.settled('offsite.run', id), 'failed');
      assert.equal((await s.app.deps.producer.queue('read').getJob(id))?.attemptsMade, 1, 'not retried');
      await s.resultFor(/salinan off-site lagi jalan ⏳/);
      assert.equal(await s.app.deps.redis.get(s.app.deps.keys.offsiteRunning), 'someone-else', "the running copy's mark is left alone");
    } finally {
      await s.app.deps.redis.del(s.app.deps.keys.offsiteRunning);
    }
  });

  it('the weekly run that fails tells every admin (it has no chat of its own)', async () => {
    const id = await s.enqueue('offsite.run', { trigger: 'scheduled' }, undefined);
    assert.equal(await s.settled('offsite.run', id), 'failed');
    const alert = await waitFor('the admin alert', async () => (await s.outbox()).find((m) => m.kind === 'alert' && /Salinan off-site mingguan GAGAL/.test(m.text)));
    assert.equal(alert.chatId, ADMIN);
    assert.match(alert.text, /remote "loc" belum ada di/);
    assert.match(alert.text, /☁️ Kirim off-site sekarang/);
  });
});
