import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { after, before, test } from 'node:test';
import type { OutboxMessage } from '@potion/jobs';
import { hostKeys } from '@potion/jobs';
import { startOps, type OpsHarness } from '../harness/ops-harness.js';

// Through the real worker and Redis; journalctl is the PATH stand-in serving `-o json` entries
// with cursors. The messages are sshd's, sudo's and the kernel's formats (see the parser tests).
let h: OpsHarness;
before(async () => {
  h = await startOps({ env: { LOGIN_FAIL_COUNT: '3', LOGIN_FAIL_WINDOW_MIN: '10', TIMEZONE: 'UTC' } });
});
after(async () => h?.stop());

/** Alert messages in the outbox whose job id starts with `prefix`, for admin 1001. */
async function alerts(prefix: string): Promise<OutboxMessage[]> {
  const jobs = await h.producer.queue('notify').getJobs(['waiting', 'active', 'completed', 'delayed', 'prioritized', 'failed']);
  return jobs.filter((j) => j.id?.startsWith(prefix) && j.id.endsWith('.1001')).map((j) => (j.data as { payload: OutboxMessage }).payload);
}
const sshd = (message: string) => ({ message, identifier: 'sshd', atMs: Date.now() });
const run = () => h.ask('health.events', {});

test('an SSH login with a key reaches the admins with user, address and key', async () => {
  h.standins.journalJson('auth', [sshd('Accepted publickey for alice from 192.0.2.10 port 52144 ssh2: ED25519 SHA256:Xr2nZC8x0mBZbGm3YHqV9cB1yT5sIuJb6mKX0Q3aQfs')]);
  await run();
  const a = await alerts('alert.login.ssh.');
  assert.equal(a.length, 1);
  assert.match(a[0]!.text, /^🔑 Ada yang login SSH: user alice dari 192\.0\.2\.10, pakai kunci \(ED25519 SHA256:Xr2nZC8x0mBZbGm3YHqV9cB1yT5sIuJb6mKX0Q3aQfs\)\. 🕒 \d\d:\d\d\nKalau itu bukan kamu/);
  assert.equal(a[0]!.buttons?.[0]?.[0]?.data, 'alert:mute:login.ssh:60');
});

test('failed logins: nothing after 2 of 3, one alert at the 3rd within 10 minutes', async () => {
  // Two failures 11 minutes ago are outside the window.
  const old = Date.now() - 11 * 60_000;
  h.standins.journalJson('auth', [{ ...sshd('Failed password for root from 198.18.0.1 port 1 ssh2'), atMs: old }, { ...sshd('Failed password for root from 198.18.0.1 port 2 ssh2'), atMs: old }]);
  // As sshd writes them: a wrong password and its connection's closing line (one failure),
  // then a client that offered a key and gave up (only the closing line: one failure).
  h.standins.journalJson('auth', [
    sshd('Failed password for invalid user admin from 203.0.113.9 port 41234 ssh2'),
    sshd('Connection closed by invalid user admin 203.0.113.9 port 41234 [preauth]'),
    sshd('Connection closed by authenticating user root 203.0.113.9 port 41240 [preauth]'),
  ]);
  await run();
  assert.equal((await alerts('alert.login.failed.')).length, 0, 'not before the 3rd failure');
  h.standins.journalJson('auth', [sshd('Failed password for root from 198.51.100.4 port 5022 ssh2')]);
  await run();
  const a = await alerts('alert.login.failed.');
  assert.equal(a.length, 1);
  assert.match(a[0]!.text, /^🚨 🚪 3 kali login SSH gagal dalam 10 menit terakhir \(dari 203\.0\.113\.9, 198\.51\.100\.4; user yang dicoba: admin, root\)/);
});

test("sudo by a person alerts; the worker's own user running its commands does not", async () => {
  h.standins.journalJson('auth', [
    { message: `${userInfo().username} : PWD=/opt/potion ; USER=root ; COMMAND=/usr/bin/systemctl restart n8n.service`, identifier: 'sudo', atMs: Date.now() },
    { message: '   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update', identifier: 'sudo', atMs: Date.now() },
  ]);
  await run();
  const a = await alerts('alert.login.sudo.');
  assert.equal(a.length, 1);
  assert.match(a[0]!.text, /^🛡️ alice menjalankan sudo sebagai root \(terminal pts\/0\): \/usr\/bin\/apt update\./);
});

test('an OOM kill alerts at once with the process, its memory and the last kernel lines', async () => {
  h.standins.journalJson('kernel', [
    { message: 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/n8n.service,task=node,pid=1234,uid=1001', identifier: 'kernel', atMs: Date.now() },
    { message: 'Out of memory: Killed process 1234 (node) total-vm:1843200kB, anon-rss:912384kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:2100kB oom_score_adj:0', identifier: 'kernel', atMs: Date.now() },
  ]);
  await run();
  const a = await alerts('alert.kernel.oom.');
  assert.equal(a.length, 1);
  assert.match(a[0]!.text, /^💥 RAM habis, kernel mematikan proses node \(PID 1234\) yang memakai 891 MB RAM \(total-vm 1,8 GB\)\./);
  assert.match(a[0]!.text, /Baris terakhir log kernel:\n {2}oom-kill:constraint=CONSTRAINT_NONE.*\n {2}Out of memory: Killed process 1234/);
});

test('each line is seen once, also across a worker restart (the cursor is in Redis)', async () => {
  const before = (await alerts('alert.')).length;
  assert.ok(await h.keys.get(hostKeys(h.config.hostId).journalCursor('auth')));
  await h.restartWorker();
  await run();
  assert.equal((await alerts('alert.')).length, before, 'no alert twice');
  const calls = h.standins.calls('journalctl');
  assert.match(calls.at(-1)!, /--after-cursor s=/);
  // A new login after the restart is news.
  h.standins.journalJson('auth', [sshd('Accepted password for budi from 2001:db8::7 port 40022 ssh2')]);
  await run();
  const a = await alerts('alert.login.ssh.');
  assert.equal(a.length, 2);
  assert.ok(a.some((m) => /user budi dari 2001:db8::7, pakai password/.test(m.text)));
});

test('a cursor journalctl refuses is dropped: the recent entries are read again from scratch', async () => {
  await h.keys.set(hostKeys(h.config.hostId).journalCursor('auth'), 's=nope');
  h.standins.journalJson('auth', [sshd('Accepted publickey for citra from 192.0.2.44 port 50000 ssh2: RSA SHA256:abc')]);
  await run();
  const a = await alerts('alert.login.ssh.');
  assert.equal(a.length, 3, 'only the new login: the older ones keep their outbox ids');
  assert.ok(a.some((m) => /user citra dari 192\.0\.2\.44, pakai kunci \(RSA SHA256:abc\)/.test(m.text)));
  assert.notEqual(await h.keys.get(hostKeys(h.config.hostId).journalCursor('auth')), 's=nope');
});

test('a filesystem remounted read-only alerts at once; a muted kind and a family switched off send nothing', async () => {
  h.standins.journalJson('kernel', [{ message: 'EXT4-fs (sdb1): Remounting filesystem read-only', identifier: 'kernel', atMs: Date.now() }]);
  await run();
  const ro = await alerts('alert.kernel.readonly.');
  assert.equal(ro.length, 1);
  assert.match(ro[0]!.text, /^🔒 Filesystem EXT4 di sdb1 dijadikan read-only oleh kernel karena error\./);
  await h.ask('health.mute', { alertId: 'kernel.io', minutes: 60 });
  await h.ask('settings.set', { family: 'login', enabled: false });
  h.standins.journalJson('kernel', [{ message: 'blk_update_request: I/O error, dev sdb, sector 2048', identifier: 'kernel', atMs: Date.now() }]);
  h.standins.journalJson('auth', [sshd('Accepted password for mallory from 198.51.100.66 port 2 ssh2')]);
  await run();
  assert.equal((await alerts('alert.kernel.io.')).length, 0, 'muted');
  assert.equal((await alerts('alert.login.ssh.')).filter((m) => /mallory/.test(m.text)).length, 0, 'family off');
  await h.ask('health.mute', { alertId: 'kernel.io', minutes: 0 });
  await h.ask('settings.set', { family: 'login', enabled: true });
});

test('the digest says who got in during the last 24 hours', async () => {
  const msg = await h.ask('health.digest', {});
  assert.match(msg.text, /🔐 24 jam terakhir: 4 login SSH \(alice, budi, citra, mallory\), 5 login gagal, 1 sudo oleh orang, 3 kejadian kernel \(OOM\/disk\)\./);
});
