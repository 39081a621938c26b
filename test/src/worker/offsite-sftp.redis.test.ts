import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { texts } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { sha256sumCheck } from '../harness/backup-helpers.js';
import { serveSftp, startOffsiteStack, writeRcloneConf, type OffsiteStack } from '../harness/offsite-helpers.js';

describe('off-site copy over rclone serve sftp on 127.0.0.1 (real rclone on both ends, real worker and Redis)', () => {
  let s: OffsiteStack;
  let dir: string;
  let served: string;
  let conf: string;
  let server: Awaited<ReturnType<typeof serveSftp>>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'potion-offsite-sftp-'));
    served = join(dir, 'served');
    mkdirSync(served);
    conf = join(dir, 'rclone.conf');
    server = await serveSftp(served, join(dir, 'cache'));
    writeRcloneConf(conf, { sftpPort: server.port });
    // 2 MiB/s: the 16 MB file takes ~8 s, long enough to cut the connection in the middle.
    s = await startOffsiteStack({ OFFSITE_REMOTE: 'sf:potion', OFFSITE_RCLONE_CONFIG: conf, OFFSITE_BWLIMIT: '2M' }, { schedules: false, logDir: join(dir, 'logs1') });
    writeFileSync(join(s.sb.src, 'big.bin'), randomBytes(16 * 1024 * 1024));
    writeFileSync(join(s.sb.src, 'app.json'), '{"v":1}');
    assert.equal(await s.settled('backup.run', await s.enqueue('backup.run', { trigger: 'manual' })), 'completed');
  });
  after(async () => {
    await server?.kill();
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an upload cut off by the server dying is retried after the backoff and completes; rclone check passes', async () => {
    const id = await s.enqueue('offsite.run', { trigger: 'manual' });
    // The progress edit the user sees while it uploads, from rclone's JSON stats.
    const progress = await waitFor('an upload progress edit', async () => (await s.outbox()).find((m) => m.kind === 'progress' && /kirim off-site: .+ dari .+ · .+\/s/.test(m.text)), 30_000);
    assert.ok(progress.text.startsWith(texts.PROCESSING));
    await server.kill();
    const q = s.app.deps.producer.queue('read');
    const job = await waitFor('the failed attempt to wait for its retry', async () => ((await q.getJobState(id)) === 'delayed' ? q.getJob(id) : undefined), 60_000);
    assert.equal(job?.attemptsMade, 1);
    assert.deepEqual(job?.opts.backoff, { type: 'exponential', delay: 600_000 });
    assert.ok(!(await s.outbox()).some((m) => m.kind === 'result' && /off-site/.test(m.text)), 'no final message before the last try');
    // The server is back (same port); the test does not wait the 10 minutes of the backoff.
    server = await serveSftp(served, join(dir, 'cache'), server.port);
    await job!.promote();
    assert.equal(await s.settled('offsite.run', id, 90_000), 'completed');
    const msg = await s.resultFor(/sudah ada di off-site/);
    assert.match(msg.text, /^Beres! ✅/);
    assert.match(msg.text, /\(sf:potion\/latest\)/);
    assert.match(msg.text, /✅ rclone check: \d+ file cocok/);
    sha256sumCheck(join(served, 'potion', 'latest'));
  });

  it('a wrong password is a refused login: one try, and the message says how to fix it', async () => {
    writeRcloneConf(conf, { sftpPort: server.port, sftpPass: 'wrong' });
    const id = await s.enqueue('offsite.run', { trigger: 'manual' });
    assert.equal(await s.settled('offsite.run', id, 90_000), 'failed');
    assert.equal((await s.app.deps.producer.queue('read').getJob(id))?.attemptsMade, 1, 'not retried');
    const msg = await s.resultFor(/login ke remote "sf" ditolak/);
    assert.match(msg.text, /^Kenapa ya\.\.\. ❌/);
    assert.match(msg.text, /rclone config reconnect sf:/);
    assert.doesNotMatch(msg.text, /wrong|Coba ulang sebentar lagi/);
  });

  it('a crypt remote over it: the copy is encrypted on the server, cryptcheck matches, the result says so', async () => {
    writeRcloneConf(conf, { sftpPort: server.port });
    await s.stop();
    s = await startOffsiteStack({ OFFSITE_REMOTE: 'sfcrypt:potion', OFFSITE_RCLONE_CONFIG: conf }, { schedules: false, logDir: join(dir, 'logs2') });
    writeFileSync(join(s.sb.src, 'app.json'), '{"secret":"plain text the server must not see"}');
    assert.equal(await s.settled('backup.run', await s.enqueue('backup.run', { trigger: 'manual' })), 'completed');
    assert.equal(await s.settled('offsite.run', await s.enqueue('offsite.run', { trigger: 'manual' })), 'completed');
    const msg = await s.resultFor(/sudah ada di off-site/);
    assert.match(msg.text, /🔒 terenkripsi \(crypt\)/);
    assert.match(msg.text, /✅ rclone check: \d+ file cocok/);
    assert.doesNotMatch(msg.text, /tidak menyimpan checksum/, 'cryptcheck compares checksums');
    const { spawnSync } = await import('node:child_process');
    assert.ok(readdirSync(join(served, 'enc')).length > 0, 'the encrypted copy is on the server');
    const grep = spawnSync('grep', ['-rlF', 'plain text the server must not see', join(served, 'enc')], { encoding: 'utf8' });
    assert.equal(grep.status, 1, `nothing readable on the server: ${grep.stdout}`);
  });

  it("the remotes' secrets never reach runtime.log (rclone is called with --config, not with credentials)", () => {
    const logs = ['logs1', 'logs2'].map((d) => readFileSync(join(dir, d, 'runtime.log'), 'utf8')).join('\n');
    assert.match(logs, /"command":"rclone"/, 'the rclone runs are in the log');
    assert.match(logs, /rclone sync failed \(auth\)|login|unable to authenticate/, 'the refused login is in the log');
    const conf = readFileSync(join(dir, 'rclone.conf'), 'utf8');
    const secrets = [...conf.matchAll(/^(?:pass|password) = (\S+)$/gm)].map((m) => m[1]!);
    assert.equal(secrets.length, 2);
    for (const secret of [...secrets, 'crypt-secret-pw']) assert.ok(!logs.includes(secret), `${secret} is not in the log`);
  });
});
