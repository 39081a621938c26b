/**
 * Idle cost of the whole system (issue 6): the CPU of one host sample, and the CPU and RSS
 * of Redis + worker + dashboard (+ bot when it runs) left alone for 60 s, measured from
 * /proc/<pid>/stat. Budget: all of them together <= 0.5% of one core.
 *
 * Run: node bench/dist/idle.js   (BENCH_IDLE_SEC=60 by default, BENCH_WARMUP_SEC=15)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunner } from '@potion/adapters';
import { freePort, PrivateRedis } from '@potion/jobs';
import { createStandins } from '@potion/testkit';
import { takeSample } from '@potion/worker';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CLK_TCK = 100; // getconf CLK_TCK on Linux x86_64/arm64

interface ProcTimes {
  /** utime + stime of the process itself, in ticks. */
  self: number;
  /** cutime + cstime: children it has waited for (the worker's systemctl calls). */
  children: number;
  rssKb: number;
}

function procTimes(pid: number): ProcTimes {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": state is f[0]; utime f[11], stime f[12], cutime f[13], cstime f[14].
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return { self: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]), rssKb: rss ? Number(rss[1]) : 0 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** CPU ms of one sample (this process and the systemctl it runs), averaged over `n`. */
async function sampleCost(n: number, units: string[], env: Record<string, string>, netPort: number) {
  const runner = createRunner({ env: { ...process.env, ...env } });
  const base = { hddMount: '/', procRoot: '/proc', now: Date.now, netTarget: { host: '127.0.0.1', port: netPort }, netTimeoutMs: 2000 };
  await takeSample({ ...base, runner, units }); // warm up: systeminformation's first call reads more
  const measure = async (withUnits: boolean) => {
    const c0 = process.cpuUsage();
    const k0 = procTimes(process.pid).children;
    const w0 = performance.now();
    for (let i = 0; i < n; i++) await takeSample(withUnits ? { ...base, runner, units } : base);
    const c = process.cpuUsage(c0);
    const childMs = ((procTimes(process.pid).children - k0) * 1000) / CLK_TCK;
    return { cpuMs: ((c.user + c.system) / 1000 + childMs) / n, wallMs: (performance.now() - w0) / n };
  };
  const withServices = await measure(true);
  const without = await measure(false);
  // The floor of any subprocess from Node (fork + exec of a binary that does nothing): the
  // real systemctl is one binary, the stand-in is a bash script that forks several times.
  const c0 = process.cpuUsage();
  const k0 = procTimes(process.pid).children;
  for (let i = 0; i < n; i++) await runner('true', []);
  const c = process.cpuUsage(c0);
  const spawnMs = ((c.user + c.system) / 1000 + ((procTimes(process.pid).children - k0) * 1000) / CLK_TCK) / n;
  return { cpuMs: withServices.cpuMs, wallMs: withServices.wallMs, cpuMsNoServices: without.cpuMs, spawnMs };
}

function launch(app: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(root, 'apps', app, 'dist', 'main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  return child;
}

export async function run(): Promise<Record<string, number | string>> {
  const idleSec = Number(process.env.BENCH_IDLE_SEC ?? 60);
  const warmSec = Number(process.env.BENCH_WARMUP_SEC ?? 15);
  const dir = mkdtempSync(join(tmpdir(), 'potion-bench-idle-'));
  const standins = createStandins();
  const units = ['n8n.service', 'cloudflared.service', 'mcp-runner.service'].slice(0, Number(process.env.BENCH_UNITS ?? 3));
  for (const u of units) standins.unit(u, 'active running');
  // The internet check target: a local port, so the benchmark does not depend on the network.
  const netPort = await freePort();
  const server: Server = await new Promise((resolve) => {
    const s = createServer((sock) => sock.destroy());
    s.listen(netPort, '127.0.0.1', () => resolve(s));
  });
  const redis = new PrivateRedis({ dir: join(dir, 'redis'), port: 0, appendfsync: 'everysec' });
  const children: ChildProcess[] = [];
  try {
    const cost = await sampleCost(20, units, standins.env, netPort);
    const url = await redis.start();
    const env: Record<string, string> = {
      ...standins.env,
      ENV_FILE: join(dir, 'none.env'),
      REDIS_URL: url,
      DATA_DIR: join(dir, 'data'),
      HDD_MOUNT: '/',
      ...(units.length ? { SERVICES_WHITELIST: units.join(',') } : {}),
      NET_CHECK_TARGET: `127.0.0.1:${netPort}`,
      DASHBOARD_PORT: String(await freePort()),
      DASHBOARD_PASSWORD: 'bench-password-123',
      LOG_LEVEL: 'info',
      ADMIN_IDS: '1001',
    };
    const worker = launch('worker', env);
    const dashboard = launch('dashboard', env);
    children.push(worker, dashboard);
    await sleep(warmSec * 1000);
    const pids: Record<string, number> = { redis: redis.pid!, worker: worker.pid!, dashboard: dashboard.pid! };
    const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, procTimes(pid)]));
    const t0 = performance.now();
    await sleep(idleSec * 1000);
    const wallSec = (performance.now() - t0) / 1000;
    const after = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, procTimes(pid)]));
    const pct = (ticks: number) => round((ticks / CLK_TCK / wallSec) * 100);
    const out: Record<string, number | string> = {};
    let total = 0;
    for (const name of Object.keys(pids)) {
      const ticks = after[name]!.self - before[name]!.self + (after[name]!.children - before[name]!.children);
      total += ticks;
      out[`${name} CPU % of one core`] = pct(ticks);
      out[`${name} RSS MB`] = round(after[name]!.rssKb / 1024, 1);
    }
    const sampleIntervalSec = 30;
    out['total idle CPU % of one core'] = pct(total);
    out['budget % of one core'] = 0.5;
    out['within budget'] = pct(total) <= 0.5 ? 'yes' : 'NO';
    out['one sample: CPU ms (incl. systemctl show stand-in)'] = round(cost.cpuMs, 2);
    out['one sample: CPU ms without services'] = round(cost.cpuMsNoServices, 2);
    out['one sample: wall ms'] = round(cost.wallMs, 2);
    out['one subprocess floor: CPU ms (/bin/true)'] = round(cost.spawnMs, 2);
    out['sampler share % of one core (every 30 s)'] = round((cost.cpuMs / 1000 / sampleIntervalSec) * 100);
    out['idle window s'] = Math.round(wallSec);
    out['bot'] = 'not built in this branch (issue 3): not measured';
    return out;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await redis.stop();
    server.close();
    standins.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await run();
  const w = Math.max(...Object.keys(r).map((k) => k.length));
  for (const [k, v] of Object.entries(r)) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
}
