import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { aclPasswordHash, alertFamily, hostKeys, loadHostProofKey, Producer } from '@potion/jobs';
import {
  APP_MAIN,
  createNetHosts,
  createStandins,
  FAKE_BOT_TOKEN,
  relayIntoHost,
  startAppProcess,
  startFakeTelegram,
  testConfig,
  waitBotPolling,
  waitFor,
  waitWorkerReady,
  type AppProcess,
  type FakeTelegram,
  type NetHosts,
  type Standins,
} from '@potion/testkit';
import { CLI } from './deploy-helpers.js';
import { joinSecretOf } from './acl-redis.js';

/**
 * Issue 18 "Done when", as real as one machine allows: two test hosts in network namespaces
 * (netns.ts: main 100.64.0.1, pi 100.64.0.2), a real redis-server in main bound to 100.64.0.1
 * with the ACL file that the real `potion hosts add pi` wrote, worker A (HOST_ID main, the app
 * user `potion`) and the real bot in main, worker B (HOST_ID pi, HOST_ROLE joined, user
 * worker-pi) in pi, each worker with its own PATH stand-ins (systemctl records its calls). The
 * fake Bot API runs in the test process and reaches the bot through a relay (netns-relay.ts);
 * the test process itself talks to Redis through its unix socket.
 */
export const ADMIN = 1001;
/** Inside its own namespace nobody else listens: a fixed port is safe (never 6379). */
export const REDIS_PORT = 16379;
const ADMIN_PASSWORD = 'TwoHostsAdminPassw0rdTwoHostsAdminPassw0';
/** A cold start of a worker or bot on a loaded 2-core machine: a bound, not a pace. */
const READY_MS = 60_000;
/**
 * Alert families switched off on both hosts (this machine's own CPU, disks and services would
 * add messages the test does not expect); "host" (not heard from) stays on.
 */
const QUIET_FAMILIES = (alertFamily.options as readonly string[]).filter((f) => f !== 'host');

/**
 * Short heartbeats and samples: the test waits for events, these only make them come soon. Not
 * shorter: 📊 Status counts a host up while its heartbeat is at most two intervals old, and a
 * heartbeat job can be seconds late on a loaded machine. HOST_SILENT_MIN is the smallest there is.
 */
const FAST: Record<string, string> = { HEARTBEAT_INTERVAL_SEC: '10', SAMPLE_INTERVAL_SEC: '2', HOST_SILENT_MIN: '1', NET_CHECK_TARGET: 'off', LOG_LEVEL: 'info' };

export interface TwoHosts {
  net: NetHosts;
  fake: FakeTelegram;
  /** The test's own connection as the app user `potion` (unix socket). */
  admin: Redis;
  /** worker-pi's password, from the join secret `potion hosts add pi` printed. */
  pi: { user: string; password: string };
  standinsA: Standins;
  standinsB: Standins;
  workerA: AppProcess;
  workerB: () => AppProcess;
  bot: AppProcess;
  /** Starts worker B again in host pi (after a kill); resolves when it is ready. */
  startWorkerB: () => Promise<AppProcess>;
  /** A producer as the bot: jobs for `hostId`, mutating ones signed with that host's key. */
  producerFor: (hostId: string) => Producer;
  /** A connection through the unix socket as `user` (the ACL is the same on every listener). */
  connectAs: (user: string, password: string) => Redis;
  /** Runs a command inside a test host and returns its output. */
  run: (host: 'main' | 'pi', cmd: string, args: readonly string[]) => { code: number | null; stdout: string; stderr: string };
  stop: () => Promise<void>;
}

export async function startTwoHosts(): Promise<TwoHosts> {
  const stops: Array<() => unknown> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    return await build(stops, stop);
  } catch (err) {
    await stop();
    throw err;
  }
}

async function build(stops: Array<() => unknown>, stop: () => Promise<void>): Promise<TwoHosts> {
  const net = createNetHosts({ hosts: ['main', 'pi'] });
  stops.push(() => net.destroy());
  const root = mkdtempSync(join(tmpdir(), 'potion-two-hosts-'));
  stops.push(() => rmSync(root, { recursive: true, force: true }));
  const dirOf = (name: string) => {
    const d = join(root, name);
    mkdirSync(d, { recursive: true, mode: 0o750 });
    return d;
  };
  const mainAddr = net.host('main').address;

  // The ACL file as deploy/install.sh writes it, then Redis in host main on 100.64.0.1 and a unix socket.
  const aclFile = join(root, 'potion-runner.acl');
  writeFileSync(aclFile, `user default off\nuser potion on #${aclPasswordHash(ADMIN_PASSWORD)} ~* &* +@all\n`, { mode: 0o640 });
  const sock = join(dirOf('redis'), 'redis.sock');
  const redis = net.spawn('main', 'redis-server', [
    '--bind', mainAddr, '--port', String(REDIS_PORT), '--unixsocket', sock, '--unixsocketperm', '700',
    '--aclfile', aclFile, '--dir', join(root, 'redis'), '--appendonly', 'yes', '--save', '',
    '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes', '--daemonize', 'no', '--logfile', '',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let redisOut = '';
  redis.stdout?.on('data', (d: Buffer) => (redisOut += d.toString('utf8')));
  redis.stderr?.on('data', (d: Buffer) => (redisOut += d.toString('utf8')));
  stops.push(() => redis.kill('SIGKILL'));
  await waitFor('redis-server in host main to accept connections', () => {
    if (redis.exitCode !== null) throw new Error(`redis-server exited ${redis.exitCode}: ${redisOut}`);
    return /Ready to accept connections/.test(redisOut);
  }, 15_000);
  const clients: Redis[] = [];
  stops.push(() => clients.forEach((c) => c.disconnect()));
  const connectAs = (user: string, password: string) => {
    const c = new Redis({ path: sock, username: user, password, maxRetriesPerRequest: null, retryStrategy: () => null });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };
  const admin = connectAs('potion', ADMIN_PASSWORD);
  const redisUrl = (user: string, password: string) => `redis://${user}:${encodeURIComponent(password)}@${mainAddr}:${REDIS_PORT}`;

  // `sudo potion hosts add pi` on the main machine: the real CLI, inside host main.
  const mainData = dirOf('main-data');
  const envFile = join(root, 'main.env');
  writeFileSync(envFile, [`REDIS_URL="${redisUrl('potion', ADMIN_PASSWORD)}"`, `DATA_DIR="${mainData}"`, `LOG_DIR="${join(root, 'main-logs')}"`, 'HOST_ID="main"', ''].join('\n'), { mode: 0o600 });
  const run: TwoHosts['run'] = (host, cmd, args) => net.run(host, cmd, args, 60_000);
  const added = run('main', 'env', [`ENV_FILE=${envFile}`, process.execPath, CLI, 'hosts', '--acl-file', aclFile, 'add', 'pi', '--redis', `${mainAddr}:${REDIS_PORT}`]);
  if (added.code !== 0) throw new Error(`potion hosts add pi exited ${added.code}: ${added.stdout}${added.stderr}`);
  const { body } = joinSecretOf(added.stdout);
  const pi = { user: body.user, password: body.password };

  for (const id of ['main', 'pi']) await admin.hset(hostKeys(id).settings, Object.fromEntries(QUIET_FAMILIES.map((f) => [`alert.${f}`, 'off'])));

  const fake = await startFakeTelegram();
  stops.push(() => fake.stop());
  const relay = await relayIntoHost({ net, host: 'main', targetPort: Number(new URL(fake.apiRoot).port) });
  stops.push(() => relay.close());

  const standinsFor = () => {
    const s = createStandins();
    s.unit('n8n.service', 'active running');
    s.unit('cloudflared.service', 'active running');
    stops.push(() => s.cleanup());
    return s;
  };
  const standinsA = standinsFor();
  const standinsB = standinsFor();
  const procs: AppProcess[] = [];
  stops.push(async () => {
    for (const p of procs) await p.stop(3000);
  });
  const mainEnv = testConfig({
    ...FAST,
    HOST_ID: 'main',
    HOST_ROLE: 'main',
    REDIS_URL: redisUrl('potion', ADMIN_PASSWORD),
    DATA_DIR: mainData,
    LOG_DIR: join(root, 'main-logs'),
    BOT_TOKEN: FAKE_BOT_TOKEN,
    TELEGRAM_API_ROOT: `http://127.0.0.1:${relay.port}`,
    ADMIN_IDS: String(ADMIN),
  }).env;
  const workerA = startAppProcess(APP_MAIN.worker, { ...mainEnv, ...standinsA.env }, { netns: net.host('main').ns });
  procs.push(workerA);
  await waitWorkerReady(workerA, READY_MS);

  // What `install.sh --join` leaves on the Pi: its .env (HOST_ROLE=joined, its own Redis user) and its proof key.
  const piData = dirOf('pi-data');
  mkdirSync(join(piData, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(join(piData, 'keys', 'job-proof.key'), `${body.proofKey}\n`, { mode: 0o600 });
  const piEnv = testConfig({
    ...FAST,
    HOST_ID: 'pi',
    HOST_ROLE: 'joined',
    REDIS_URL: redisUrl(pi.user, pi.password),
    DATA_DIR: piData,
    LOG_DIR: join(root, 'pi-logs'),
    HDD_MOUNT: join(root, 'pi-hdd'),
    ADMIN_IDS: String(ADMIN),
  }).env;
  let workerB: AppProcess | undefined;
  const startWorkerB = async () => {
    const w = startAppProcess(APP_MAIN.worker, { ...piEnv, ...standinsB.env }, { netns: net.host('pi').ns });
    workerB = w;
    procs.push(w);
    await waitWorkerReady(w, READY_MS);
    return w;
  };
  await startWorkerB();

  const bot = startAppProcess(APP_MAIN.bot, mainEnv, { netns: net.host('main').ns });
  procs.push(bot);
  await waitBotPolling(fake, bot, READY_MS);

  const producerFor = (hostId: string) => {
    const p = new Producer({ connection: admin, hostId, signer: () => loadHostProofKey(mainData, hostId, 'main') });
    stops.push(() => p.close());
    return p;
  };
  return {
    net,
    fake,
    admin,
    pi,
    standinsA,
    standinsB,
    workerA,
    workerB: () => workerB!,
    bot,
    startWorkerB,
    producerFor,
    connectAs,
    run,
    stop,
  };
}
