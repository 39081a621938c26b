import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { OutboxMessage } from '@potion/jobs';
import { hostKeys } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { startOps, type OpsHarness } from '../harness/ops-harness.js';

// The worker follows the journal with one long-running `journalctl -f -o json` per stream (the
// PATH stand-in keeps printing entries appended to its file, as the real one does): a line
// reaches the admins with no health.events tick at all (the harness installs no schedules).
let h: OpsHarness;
before(async () => {
  h = await startOps({ securityFollow: true, env: { TIMEZONE: 'UTC' } });
});
after(async () => h?.stop());

async function alerts(prefix: string): Promise<OutboxMessage[]> {
  const jobs = await h.producer.queue('notify').getJobs(['waiting', 'active', 'completed', 'delayed', 'prioritized', 'failed']);
  return jobs.filter((j) => j.id?.startsWith(prefix) && j.id.endsWith('.1001')).map((j) => (j.data as { payload: OutboxMessage }).payload);
}
const followers = () => h.standins.calls('journalctl').filter((c) => c.startsWith('-f '));

test('a login appended to the journal while the follower runs reaches the admins without a schedule tick', async () => {
  await waitFor('both journal followers started', () => followers().length >= 2);
  h.standins.journalJson('auth', [{ message: 'Accepted publickey for dewi from 192.0.2.77 port 40100 ssh2: ED25519 SHA256:dEwI', identifier: 'sshd', atMs: Date.now() }]);
  const a = await waitFor('the login alert', async () => {
    const found = await alerts('alert.login.ssh.');
    return found.length ? found : undefined;
  });
  assert.equal(a.length, 1);
  assert.match(a[0]!.text, /^🔑 Ada yang login SSH: user dewi dari 192\.0\.2\.77, pakai kunci \(ED25519 SHA256:dEwI\)\./);
  // The cursor is saved as the entries come, and no minute's read ran.
  await waitFor('the auth cursor saved', async () => (await h.keys.get(hostKeys(h.config.hostId).journalCursor('auth'))) ?? undefined);
  assert.deepEqual(h.standins.calls('journalctl').filter((c) => !c.startsWith('-f ')), []);
});

test('an OOM kill split over two batches still shows the kernel lines before it', async () => {
  h.standins.journalJson('kernel', [{ message: 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/n8n.service,task=node,pid=1234,uid=1001', identifier: 'kernel', atMs: Date.now() }]);
  await waitFor('the kernel cursor saved', async () => (await h.keys.get(hostKeys(h.config.hostId).journalCursor('kernel'))) ?? undefined);
  h.standins.journalJson('kernel', [{ message: 'Out of memory: Killed process 1234 (node) total-vm:1843200kB, anon-rss:912384kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:2100kB oom_score_adj:0', identifier: 'kernel', atMs: Date.now() }]);
  const a = await waitFor('the OOM alert', async () => {
    const found = await alerts('alert.kernel.oom.');
    return found.length ? found : undefined;
  });
  assert.match(a[0]!.text, /Baris terakhir log kernel:\n {2}oom-kill:constraint=CONSTRAINT_NONE.*\n {2}Out of memory: Killed process 1234/);
});

test('a follower that ends is started again from the saved cursor, and what comes after is news once', async () => {
  const cursor = await h.keys.get(hostKeys(h.config.hostId).journalCursor('auth'));
  const started = followers().length;
  // Ends the auth follower as if journalctl died (the stand-in's tail is the child itself).
  const pids = execFileSync('pgrep', ['-P', String(process.pid), '-f', `${h.standins.state}/journal-json/auth$`], { encoding: 'utf8' }).trim().split('\n');
  assert.equal(pids.length, 1, 'one follower of the auth stream');
  for (const p of pids) process.kill(Number(p), 'SIGTERM');
  const restarted = await waitFor('the follower restarted', () => (followers().length > started ? followers().at(-1) : undefined), 15_000);
  assert.match(restarted, new RegExp(`--after-cursor ${cursor!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  h.standins.journalJson('auth', [{ message: 'Accepted password for eko from 198.51.100.8 port 2222 ssh2', identifier: 'sshd', atMs: Date.now() }]);
  await waitFor('the login after the restart', async () => (await alerts('alert.login.ssh.')).some((m) => /user eko/.test(m.text)));
  assert.equal((await alerts('alert.login.ssh.')).length, 2, 'the first login is not sent again');
});
