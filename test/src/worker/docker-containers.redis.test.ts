import assert from 'node:assert/strict';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { containerLogs, controlContainer, DockerEngineError, inspectContainer, listContainers } from '@potion/adapters';
import { hostKeys, hostSample, type HostSample } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { startAlertHarness, type AlertHarness } from '../harness/alert-harness.js';
import { startDockerd, type Dockerd } from '../harness/dockerd.js';

// Issue 19 point 4, containers: a REAL dockerd (Debian's docker.io, started by the harness on
// its own socket), read by the worker's real sampler and jobs through the Engine API socket.
// Nothing here is replayed: every answer is the daemon's own.

const started = await startDockerd();
const skip = started.ok ? false : started.skip;

describe('containers through the worker (real dockerd, real Redis)', { skip }, () => {
  let d: Dockerd;
  let h: AlertHarness;

  before(async () => {
    if (!started.ok) return;
    d = started.dockerd;
    // `web` says hello and sleeps, leaving at once on SIGTERM (sh as PID 1 has no default handler).
    await d.run('web', 'trap "exit 0" TERM; echo "halo dari web"; echo "baris kedua" >&2; while :; do sleep 1; done');
    await d.run('other', 'trap "exit 0" TERM; while :; do sleep 1; done');
    h = await startAlertHarness({ DOCKER_WHITELIST: 'web,quitter,loopy,ghost', DOCKER_SOCKET: d.socket, ALERT_CLEAR_FOR_SEC: '0' }, { realSampler: true });
  });
  after(async () => {
    await h?.stop();
    await d?.stop();
  });

  const stored = async (): Promise<HostSample> => hostSample.parse(JSON.parse((await h.conn.get(hostKeys(h.cfg.hostId).sampleLatest))!));
  const containerAlerts = async () => (await h.alerts()).filter((m) => m.chatId === 1001 && m.jobId.startsWith('alert.ctr.'));

  it('the adapter reads the real engine: list, inspect, the demultiplexed logs; an unknown name is not-found', async () => {
    const opts = { socketPath: d.socket };
    const list = await listContainers(opts);
    assert.deepEqual(list.map((c) => [c.name, c.state, c.image]), [['other', 'running', d.image], ['web', 'running', d.image]]);
    assert.match(list[1]!.status, /^Up /);
    const web = await inspectContainer('web', opts);
    assert.equal(web.state, 'running');
    assert.equal(web.restartCount, 0);
    assert.equal(web.tty, false);
    const lines = await waitFor('the log lines', async () => {
      const l = await containerLogs('web', 50, opts);
      return l.length === 2 ? l : undefined;
    });
    // stdout and stderr reach the engine through two pipes: their order between them is not kept.
    assert.deepEqual([...lines].sort(), ['baris kedua', 'halo dari web']);
    await assert.rejects(inspectContainer('nope', opts), (err: unknown) => err instanceof DockerEngineError && err.kind === 'not-found' && err.status === 404);
    assert.deepEqual(await controlContainer('start', 'web', opts), { changed: false }, 'already running: the engine answers 304');
  });

  it('the sample holds each whitelisted container with its state and restart count; one that does not exist is "missing"', async () => {
    await h.sampleAt(0);
    const s = await stored();
    assert.deepEqual(s.docker, {
      containers: [
        { name: 'web', state: 'running', exitCode: 0, restartCount: 0 },
        { name: 'quitter', state: 'missing', exitCode: 0, restartCount: 0 },
        { name: 'loopy', state: 'missing', exitCode: 0, restartCount: 0 },
        { name: 'ghost', state: 'missing', exitCode: 0, restartCount: 0 },
      ],
    });
    assert.deepEqual(await containerAlerts(), []);
  });

  it('📊 Status lists every container with its state, whitelisted ones marked', async () => {
    const id = await h.run('status.summary', {}, 1001);
    const r = await h.result('read', id);
    assert.match(r.text, /\n🐳 Container\n🟢 other: jalan\n🟢 web: jalan 🛂(\n|$)/);
    assert.deepEqual(r.buttons?.[0]?.map((b) => b.text), ['🔍 Detail', '🐳 Container']);
  });

  it('a whitelisted container that exits with an error alerts at once with ▶️ Start; started again, it recovers', async () => {
    await d.run('quitter', 'trap "exit 0" TERM; while :; do sleep 1; done');
    await h.sampleAt(30);
    // Kill it from outside, as a crash would: exit code 137.
    assert.equal((await d.api('POST', '/v1.41/containers/quitter/kill')).status, 204);
    await waitFor('quitter to be exited', async () => (await d.inspect('quitter')).state === 'exited');
    await h.sampleAt(60);
    const fired = await containerAlerts();
    assert.equal(fired.length, 1);
    assert.match(fired[0]!.text, /^🚨 🐳 Container quitter berhenti \(exit code 137\), padahal harusnya jalan\.\n🕒 Mulai /);
    assert.deepEqual(fired[0]!.buttons?.[0], [
      { text: '▶️ Start', data: 'dk:n:1:start' },
      { text: '📜 Log terakhir', data: 'dk:n:1:logs' },
    ]);

    const id = await h.run('docker.start', { container: 'quitter' }, 1001);
    assert.match((await h.result('once', id)).text, /Container quitter sudah dinyalakan\. Status sekarang: 🟢 jalan/);
    await h.sampleAt(90);
    const all = await containerAlerts();
    assert.equal(all.length, 2);
    assert.match(all[1]!.text, /^✅ Container quitter sudah normal lagi\. Tadi berlangsung 30 detik\.$/);
  });

  it('a container stopped on purpose from the bot raises no alert', async () => {
    const id = await h.run('docker.stop', { container: 'web' }, 1001);
    assert.match((await h.result('once', id)).text, /Container web sudah dimatikan\. Status sekarang: 🔴 berhenti \(exit 0\)/);
    assert.deepEqual(await h.conn.smembers(hostKeys(h.cfg.hostId).dockerStopped), ['web']);
    // Copied to DATA_DIR with the other stopped-on-purpose marks: a Redis that comes back empty gets it back.
    const mirror = JSON.parse(readFileSync(join(h.cfg.dataDir, 'redis-mirror.json'), 'utf8')) as { containersStopped?: string[] };
    assert.deepEqual(mirror.containersStopped, ['web']);
    await h.sampleAt(120);
    await h.sampleAt(150);
    assert.equal((await containerAlerts()).filter((m) => m.jobId.startsWith('alert.ctr.web.')).length, 0);
    const again = await h.run('docker.start', { container: 'web' }, 1001);
    assert.match((await h.result('once', again)).text, /Container web sudah dinyalakan/);
    assert.deepEqual(await h.conn.smembers(hostKeys(h.cfg.hostId).dockerStopped), []);
  });

  it('a container restarting in a loop alerts "restart terus" with its log button', async () => {
    await d.run('loopy', 'echo "mau jalan tapi gagal"; exit 3', { restart: 'always' });
    await h.sampleAt(200);
    const seen = (await stored()).docker?.containers.find((c) => c.name === 'loopy');
    assert.ok(seen);
    // Docker backs off 100 ms, 200 ms, 400 ms... between restarts: wait for two more.
    await waitFor('two more restarts of loopy', async () => (await d.inspect('loopy')).restartCount >= seen.restartCount + 2, 30_000, 100);
    await h.sampleAt(230);
    const loop = (await containerAlerts()).filter((m) => m.jobId.startsWith('alert.ctr.loopy.'));
    assert.equal(loop.length, 1);
    assert.match(loop[0]!.text, /^🚨 🔁 Container loopy restart terus \(sudah \d+× di-restart Docker\): kayaknya crash begitu jalan\. Cek 📜 log-nya\./);
    assert.deepEqual(loop[0]!.buttons?.[0], [{ text: '📜 Log terakhir', data: 'dk:n:2:logs' }]);
    const logs = await h.run('docker.logs', { container: 'loopy', lines: 5 }, 1001);
    assert.match((await h.result('read', logs)).text, /📜 Log container loopy — \d baris terakhir\n\n<pre>mau jalan tapi gagal/);
    // Gone, as after `docker rm`: "missing" holds the open alert (the next test needs a quiet loopy).
    assert.equal((await d.api('DELETE', '/v1.41/containers/loopy?force=1')).status, 204);
  });

  it('the worker refuses a container outside DOCKER_WHITELIST, whoever asks, and the engine is never asked', async () => {
    const before = await d.inspect('other');
    const job = await h.producer.queue('once').add('docker.restart', {
      payload: { container: 'other' },
      meta: { requestId: 'evil-ctr', by: { kind: 'telegram', userId: 1001 }, chatId: 1001, messageId: 9, enqueuedAt: Date.now() },
    });
    const failed = await waitFor('the refusal', async () => ((await h.producer.queue('once').getJobState(job.id!)) === 'failed' ? h.producer.queue('once').getJob(job.id!) : undefined));
    assert.match(failed!.failedReason, /container "other" is not in DOCKER_WHITELIST/);
    const msg = await h.result('once', job.id!);
    assert.equal(msg.text, 'Container "other" tidak ada di daftar DOCKER_WHITELIST, jadi aku tidak boleh menyentuhnya. Tambahkan dulu ke .env kalau memang perlu.');
    assert.deepEqual(await d.inspect('other'), before, 'not restarted');
  });

  it('a Docker socket that is gone (dockerd stopped) keeps the open container alert, without a word', async () => {
    await d.api('POST', '/v1.41/containers/quitter/kill');
    await waitFor('quitter to be exited', async () => (await d.inspect('quitter')).state === 'exited');
    await h.sampleAt(300);
    assert.ok((await h.conn.smembers(hostKeys(h.cfg.hostId).alertsOpen)).includes('ctr.quitter'));
    const sent = (await containerAlerts()).length;
    renameSync(d.socket, `${d.socket}.away`);
    try {
      await h.sampleAt(330);
      assert.deepEqual((await stored()).docker, { containers: [], unread: 'Docker gak ketemu di server ini (socket-nya gak ada)' });
      assert.ok((await h.conn.smembers(hostKeys(h.cfg.hostId).alertsOpen)).includes('ctr.quitter'), 'still open');
      const id = await h.run('status.summary', {}, 1001);
      assert.doesNotMatch((await h.result('read', id)).text, /🐳/, 'Status: no Docker here, no container section');
    } finally {
      renameSync(`${d.socket}.away`, d.socket);
    }
    await h.sampleAt(360);
    const now = await containerAlerts();
    assert.equal(now.length, sent, `no recovery and no second alert: ${JSON.stringify(now.slice(sent).map((m) => m.text))}`);
  });
});
