import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { OutboxMessage } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { startOps, type OpsHarness } from '../harness/ops-harness.js';

// The follower cannot start journalctl (its PATH has none): the worker's own fallback read
// covers the streams, with no health.events job and no scheduler at all (docs/decisions/056;
// the harness installs no schedules).
let h: OpsHarness;
const noJournalctl = mkdtempSync(join(tmpdir(), 'potion-nopath-'));
before(async () => {
  h = await startOps({ securityFollow: { path: noJournalctl, fallbackEveryMs: 300 }, env: { TIMEZONE: 'UTC' } });
});
after(async () => {
  await h?.stop();
  rmSync(noJournalctl, { recursive: true, force: true });
});

async function alerts(prefix: string): Promise<OutboxMessage[]> {
  const jobs = await h.producer.queue('notify').getJobs(['waiting', 'active', 'completed', 'delayed', 'prioritized', 'failed']);
  return jobs.filter((j) => j.id?.startsWith(prefix) && j.id.endsWith('.1001')).map((j) => (j.data as { payload: OutboxMessage }).payload);
}

test('a login while the follower is down reaches the admins through the worker’s own fallback read, without a health.events job', async () => {
  await waitFor('a fallback read of the journal', () => h.standins.calls('journalctl').some((c) => !c.startsWith('-f ')) || undefined);
  h.standins.journalJson('auth', [{ message: 'Accepted publickey for dewi from 192.0.2.77 port 40100 ssh2: ED25519 SHA256:dEwI', identifier: 'sshd', atMs: Date.now() }]);
  const a = await waitFor('the login alert', async () => {
    const found = await alerts('alert.login.ssh.');
    return found.length ? found : undefined;
  });
  assert.equal(a.length, 1);
  assert.match(a[0]!.text, /^🔑 Ada yang login SSH: user dewi dari 192\.0\.2\.77/);
  assert.deepEqual(h.standins.calls('journalctl').filter((c) => c.startsWith('-f ')), [], 'no follower ran (no journalctl on its PATH)');
  assert.equal((await h.producer.queue('read').getJobs(['completed', 'failed', 'active', 'waiting'])).filter((j) => j.name === 'health.events').length, 0);
});
