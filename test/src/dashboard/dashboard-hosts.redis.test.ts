import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { buildDashboard } from '@potion/dashboard';
import { hostKeys, keys, openQueue, queueName, QUEUE_KINDS } from '@potion/jobs';
import { createLogger } from '@potion/platform';
import { testConfig, waitFor } from '@potion/testkit';
import { DASHBOARD_PASSWORD, startTwoHosts, type TwoHosts } from '../harness/dash-two-hosts.js';

// Issue 18: the dashboard and /metrics show every host; `redis-cli --scan --pattern
// 'potion:*@pi:*'` shows one host's queues and keys. Two real workers (HOST_ID=home and pi)
// on one real Redis; the dashboard is home's.

const run = promisify(execFile);
const auth = { authorization: `Bearer ${DASHBOARD_PASSWORD}` };

/** The real redis-cli's answer to `--scan --pattern <pattern>`, one key a line. */
async function scan(url: string, pattern: string): Promise<string[]> {
  const u = new URL(url);
  const { stdout } = await run('redis-cli', ['-h', u.hostname, '-p', u.port, '--scan', '--pattern', pattern]);
  return stdout.split('\n').filter((l) => l !== '');
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

describe('two hosts on one Redis: redis-cli, /metrics, the home page and Bull Board', () => {
  let h: TwoHosts;
  before(async () => {
    h = await startTwoHosts();
  });
  after(async () => {
    await h?.stop();
  });

  test("redis-cli --scan --pattern 'potion:*@pi:*' lists pi's queues and keys and nothing of home's", async () => {
    const pi = await scan(h.redis.url, 'potion:*@pi:*');
    const home = await scan(h.redis.url, 'potion:*@home:*');
    assert.ok(pi.includes(hostKeys('pi').heartbeat), 'the heartbeat of pi');
    assert.ok(pi.includes(hostKeys('pi').sampleLatest), 'the newest sample of pi');
    assert.ok(pi.includes(keys.bullmq(queueName('read', 'pi'), 'completed')), "pi's read queue with its completed job");
    assert.ok(pi.includes(keys.bullmq(queueName('read', 'pi'), 'meta')), "pi's read queue");
    assert.deepEqual(pi.filter((k) => k.includes('home')), [], "no key of home's");
    assert.deepEqual(pi.filter((k) => !/^potion:[a-z]+@pi:/.test(k)), [], 'every key is a queue or host key of pi');
    assert.ok(home.includes(hostKeys('home').heartbeat) && !home.some((k) => k.includes('@pi')), "and the other way round: home's and none of pi's");
  });

  test('/metrics labels every per-host series with its host, potion_host_up from the last sign of life, queues counted per host', async () => {
    const res = await h.app.inject({ url: '/metrics', headers: auth });
    assert.equal(res.statusCode, 200);
    const samples = parseMetrics(res.body);
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    for (const host of ['home', 'pi']) {
      assert.equal(value('potion_host_up', { host }), 1, `${host} is up`);
      assert.ok(value('potion_host_cpu_cores', { host })! > 0, `${host}'s CPU cores`);
      assert.ok(value('potion_worker_heartbeat_timestamp_seconds', { host })! > 0, `${host}'s heartbeat`);
      const open = samples.filter((s) => s.name === 'potion_alert_open' && s.labels.host === host && s.value === 1).length;
      assert.equal(value('potion_alerts_open', { host }), open, `${host}'s open alerts are its own`);
      for (const kind of QUEUE_KINDS) {
        assert.notEqual(value('potion_queue_jobs', { host, queue: queueName(kind, host), state: 'waiting' }), undefined, `${queueName(kind, host)} is counted`);
      }
    }
    const perHost = ['potion_queue_jobs', 'potion_host_cpu_usage_percent', 'potion_host_memory_bytes', 'potion_host_disk_bytes', 'potion_host_up', 'potion_alerts_open'];
    const unlabelled = samples.filter((s) => perHost.includes(s.name) && !['home', 'pi'].includes(s.labels.host ?? ''));
    assert.deepEqual(unlabelled, [], 'every per-host series names its host');
    const completedPi = samples.find((s) => s.name === 'potion_queue_jobs' && s.labels.queue === 'read@pi' && s.labels.state === 'completed');
    assert.equal(completedPi?.labels.host, 'pi');
    assert.ok(completedPi!.value > 0, "pi's completed health.sample jobs");
  });

  test('the home page has a section per host with its status line, and Bull Board lists every host, re-read when one joins', async () => {
    const res = await h.app.inject({ url: '/', headers: auth });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>potion-runner · 2 host<\/h1>/);
    for (const host of ['home', 'pi']) {
      assert.match(res.body, new RegExp(`<div class="host" id="host-${host}"><h2 class="host">🖥️ ${host}</h2><p><span class="ok">🟢 nyala</span> · CPU [\\d,]+%`), `${host}'s section and status line`);
      assert.match(res.body, new RegExp(`<section id="${host}-layanan">`), `${host}'s services`);
    }
    assert.match(res.body, /<h2>Grafik home 1 jam terakhir<\/h2>/, 'the charts of its own host by default');
    const piCharts = await h.app.inject({ url: '/?host=pi&jam=6', headers: auth });
    assert.match(piCharts.body, /<h2>Grafik pi 6 jam terakhir<\/h2>/, 'the host selector picks pi');

    const board = async () => {
      const r = await h.app.inject({ url: '/queues/api/queues', headers: auth });
      assert.equal(r.statusCode, 200);
      return (JSON.parse(r.body) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    };
    const expected = (hosts: string[]) => hosts.flatMap((host) => QUEUE_KINDS.map((k) => queueName(k, host))).sort();
    assert.deepEqual(await board(), expected(['home', 'pi']));
    // `potion hosts add vps` registers a host: the board shows its queues on the next request.
    await h.conn.hset(keys.hosts, 'vps', JSON.stringify({ name: 'vps', addedAt: Date.now() }));
    assert.deepEqual(await board(), expected(['home', 'pi', 'vps']));
    const vpsPage = await h.app.inject({ url: '/', headers: auth });
    assert.match(vpsPage.body, /<h2 class="host">🖥️ vps<\/h2><p><span class="bad">🔴 belum pernah terdengar<\/span>/, 'a host never heard from');
    await h.conn.hdel(keys.hosts, 'vps');
  });

  test("with DASHBOARD_ALLOW_ACTIONS, a retry on another host's must-not-repeat queue is refused like on its own", async () => {
    const log = createLogger({ name: 'test', logDir: undefined, level: 'error', stdout: false });
    const open = await buildDashboard({ config: testConfig({ HOST_ID: 'home', DASHBOARD_ALLOW_ACTIONS: 'true' }), log, redis: h.conn, password: DASHBOARD_PASSWORD });
    try {
      assert.equal((await open.inject({ url: '/queues/api/queues', headers: auth })).statusCode, 200);
      for (const host of ['home', 'pi']) {
        const once = await open.inject({ method: 'PUT', url: `/queues/api/queues/once%40${host}/retry/failed`, headers: auth });
        assert.equal(once.statusCode, 403, `once@${host}: ${once.body}`);
        assert.match(once.body, /changes the host and runs only after a confirmation/);
        const read = await open.inject({ method: 'PUT', url: `/queues/api/queues/read%40${host}/retry/failed`, headers: auth });
        assert.equal(read.statusCode, 200, `read@${host}: ${read.body}`);
      }
    } finally {
      await open.close();
    }
  });

  test('pi stops: potion_host_up{host="pi"} drops to 0 and the page says since when it is silent; home stays up', async () => {
    await h.stopWorker('pi');
    const metrics = await waitFor(
      'potion_host_up{host="pi"} 0',
      async () => {
        const text = (await h.app.inject({ url: '/metrics', headers: auth })).body;
        return text.includes('potion_host_up{host="pi"} 0') ? text : false;
      },
      30_000,
      250,
    );
    assert.match(metrics, /potion_host_up\{host="home"\} 1/);
    const page = (await h.app.inject({ url: '/', headers: auth })).body;
    assert.match(page, /<h2 class="host">🖥️ pi<\/h2><p><span class="bad">🔴 tidak terdengar sejak \d\d:\d\d<\/span> · CPU/);
    assert.match(page, /<h2 class="host">🖥️ home<\/h2><p><span class="ok">🟢 nyala<\/span>/);
    const read = openQueue(queueName('read', 'pi'), { connection: h.conn });
    assert.ok(((await read.getJobCounts('completed')).completed ?? 0) > 0, "pi's queue is still there to read");
    await read.close();
  });
});
