// Issue 18: "the real-systemd test can boot two containers". Two Debian 12 containers booting
// a real systemd, each in a network namespace of libs/testkit createNetHosts (main 100.64.0.1,
// pi 100.64.0.2, Tailscale-range addresses on one private bridge): what a second installed
// host needs to join the first. Run alone: npm run test:system -- two-hosts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createNetHosts, netnsUnavailable, waitFor, type NetHosts } from '@potion/testkit';
import { Container, type Follower } from './container.js';
import { InstalledSystem, TOKEN } from './installed.js';
import { JoinedHost, WORKER_UNIT, copyCheckout, joinSecretOf } from './joined.js';

const log = (line: string) => process.stdout.write(`# ${line}\n`);
const PORT = '7070';
/** A TCP server answering every connection with its hostname, on the address given. */
const SERVER = "require('net').createServer((s) => s.end('hello from ' + require('os').hostname() + '\\n')).listen(Number(process.argv[2]), process.argv[1], () => console.log('listening'))";
/** Connects, prints what the server sends, exits 2 with the error code when it cannot connect. */
const CLIENT = "const s = require('net').connect(Number(process.argv[2]), process.argv[1]); let d = ''; s.on('data', (x) => (d += x)); s.on('end', () => process.stdout.write(d)); s.on('error', (e) => { console.error(e.code); process.exit(2); }); s.setTimeout(10000, () => { console.error('ETIMEDOUT'); process.exit(3); });";

const skip = netnsUnavailable();
let net: NetHosts;
let main: Container;
let pi: Container;
let mainSys: InstalledSystem;
let piHost: JoinedHost;
let secret = '';
let firstJoin = '';
/** Redis keys of the main host (HOST_ID=main in its .env) and of the joined host pi. */
const MAIN_KEY = 'potion:host@main:heartbeat';
const PI_HEARTBEAT = 'potion:host@pi:heartbeat';

describe('two hosts: two containers booting a real systemd on one private network', { skip, concurrency: false, timeout: 300_000 }, () => {
  // Inside the describe: a machine without namespaces skips them too.
  before(async () => {
    net = createNetHosts({ hosts: ['main', 'pi'] });
    main = Container.create({ log, name: 'potion-main', netnsPath: net.host('main').nsPath });
    pi = Container.create({ log, name: 'potion-pi', netnsPath: net.host('pi').nsPath });
    for (const c of [main, pi]) copyCheckout(c);
    mainSys = new InstalledSystem(main);
    piHost = new JoinedHost(pi);
    mainSys.prepareRootfs();
    await Promise.all([main.boot(), pi.boot()]);
    // The main machine: a full install whose Redis also listens on its Tailscale-range address.
    mainSys.enableHelpers();
    mainSys.install({ BOT_TOKEN: TOKEN, ADMIN_IDS: '11111111' }, ['--redis-bind', net.host('main').address]);
    main.must('sh', ['-c', 'printf "HOST_ID=main\\n" >>/opt/potion-runner/.env']);
    mainSys.configure();
    await mainSys.waitAllActive();
  }, { timeout: 900_000 });

  after(async () => {
    await Promise.all([main?.destroy(), pi?.destroy()]);
    net?.destroy();
  }, { timeout: 120_000 });

  test('each container has its own hostname and its own address in 100.64.0.0/10', () => {
    for (const [c, name, address] of [[main, 'potion-main', '100.64.0.1'], [pi, 'potion-pi', '100.64.0.2']] as const) {
      assert.equal(c.must('hostname', []).trim(), name);
      const addrs = c.must('ip', ['-4', '-o', 'addr', 'show']);
      assert.match(addrs, new RegExp(`inet ${address.replace(/\./g, '\\.')}/10 `), `${name}: ${addrs}`);
    }
  });

  test('pi reaches a TCP port main listens on at 100.64.0.1, and not on its own loopback', async () => {
    const server: Follower = main.follow('/usr/bin/node', ['-e', SERVER, net.host('main').address, PORT]);
    try {
      await waitFor('the server in main to listen', () => /listening/.test(server.text()), 30_000, 100).catch((err: unknown) => {
        throw new Error(`${String(err)}\n${server.text()}`);
      });
      const reply = pi.exec('/usr/bin/node', ['-e', CLIENT, net.host('main').address, PORT]);
      assert.equal(reply.code, 0, reply.all);
      assert.equal(reply.stdout.trim(), 'hello from potion-main', 'the answer came from the other container');
      const own = pi.exec('/usr/bin/node', ['-e', CLIENT, '127.0.0.1', PORT]);
      assert.equal(own.code, 2, own.all);
      assert.match(own.stderr, /ECONNREFUSED/, 'nothing listens on pi itself');
    } finally {
      await server.stop();
    }
  });
  test('main: sudo potion hosts add pi prints a one-line join secret', () => {
    const out = main.must('potion', ['hosts', 'add', 'pi']);
    assert.match(out, /Host "pi" ditambahkan/, out);
    secret = joinSecretOf(out);
  });

  test('pi: install.sh --join installs only the worker (and the umbrella unit that shows it), which runs under real systemd and says the host is seen', async () => {
    const r = piHost.join(['--redis', net.host('main').address, '--join-secret', secret]);
    firstJoin = r.all;
    assert.equal(r.code, 0, `${r.all}\n${piHost.diagnose()}`);
    assert.match(r.all, /host pi terlihat: Redis mesin utama menjawab sebagai worker-pi/);
    assert.doesNotMatch(r.all, /potion-join-v1\./, 'the secret is never printed');
    await piHost.waitWorkerActive();
    for (const u of ['potion-runner-bot.service', 'potion-runner-dashboard.service']) {
      assert.notEqual(pi.exec('test', ['-e', `/etc/systemd/system/${u}`]).code, 0, `${u} is not installed on a joined host`);
    }
    // The PRD's command works on the joined host too, and shows the worker only.
    await waitFor('systemctl status potion-runner on pi to show the worker', () => /Status: "worker: active \(running\) PID \d+"/.test(pi.exec('systemctl', ['status', '--no-pager', 'potion-runner']).stdout), 30_000, 250).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${pi.exec('systemctl', ['status', '--no-pager', '-l', 'potion-runner']).all}`);
    });
    assert.match(pi.must('systemctl', ['show', '-P', 'Wants', 'multi-user.target']), new RegExp(WORKER_UNIT.replace(/\./g, '\\.')), 'started at boot');
    assert.equal(pi.must('stat', ['-c', '%U:%G %a', '/opt/potion-runner/.env']).trim(), 'potion:potion 600');
    assert.match(pi.must('cat', ['/opt/potion-runner/.env']), /^HOST_ID="pi"$/m);
  });

  test("from main: pi's heartbeat key is fresh, and a job main queues for read@pi completes on pi", async () => {
    const hb = await waitFor(`${PI_HEARTBEAT} in main's Redis`, () => {
      const v = mainSys.redisCli(['get', PI_HEARTBEAT]).stdout.trim();
      return /^\d+$/.test(v) ? Number(v) : undefined;
    }, 60_000, 500).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${piHost.diagnose()}`);
    });
    const mainNow = Number(main.must('date', ['+%s%3N']).trim());
    assert.ok(mainNow - hb < 10 * 60_000 && hb - mainNow < 60_000, `heartbeat ${hb} is fresh at ${mainNow}`);
    const outcome = mainSys.runJob('status.summary', {}, 'pi');
    assert.equal(outcome.state, 'completed', `${JSON.stringify(outcome)}\n${piHost.diagnose()}`);
    // Only pi's worker takes read@pi: its connection comes from pi's address as pi's Redis user.
    const clients = mainSys.redisCli(['client', 'list']).stdout;
    // BullMQ names a Worker's blocking connection after its queue, base64-encoded.
    const readPi = `name=potion:${Buffer.from('read@pi').toString('base64')} `;
    const takers = clients.split('\n').filter((l) => l.includes(readPi));
    assert.ok(takers.length > 0, clients);
    for (const l of takers) assert.match(l, /addr=100\.64\.0\.2:\d+ .*user=worker-pi /, clients);
  });

  test("as pi's ACL user, Redis refuses main's keys and queues (NOPERM) and allows pi's own", () => {
    assert.match(piHost.redisCli(['get', PI_HEARTBEAT]).stdout.trim(), /^\d+$/);
    for (const args of [['get', MAIN_KEY], ['llen', 'potion:read@main:wait'], ['hgetall', 'potion:hosts'], ['set', 'potion:host@main:settings', 'x']]) {
      const r = piHost.redisCli(args);
      assert.match(r.all, /NOPERM/, `${args.join(' ')}: ${r.all}`);
    }
    assert.match(piHost.redisCli(['flushall']).all, /NOPERM/);
  });

  test('a second --join run changes nothing: same files, the worker keeps running in the same process', () => {
    const before = piHost.mainPid();
    const r = piHost.join(['--redis', net.host('main').address, '--join-secret', secret]);
    assert.equal(r.code, 0, r.all);
    assert.match(r.all, /Done: 0 change\(s\)\./, `${r.all}\n(first run:\n${firstJoin})`);
    assert.equal(piHost.mainPid(), before, 'the worker was not restarted');
  });

  test("after pi reboots, its worker starts at boot and takes main's jobs again", async () => {
    await pi.reboot();
    await piHost.waitWorkerActive();
    const outcome = mainSys.runJob('status.summary', {}, 'pi');
    assert.equal(outcome.state, 'completed', `${JSON.stringify(outcome)}\n${piHost.diagnose()}`);
  });
});
