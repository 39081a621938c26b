/**
 * Idle footprint: resident memory of bot + worker + dashboard + Redis after they have run
 * idle for a while (targets: <= 160 MB together), and their CPU use over a window, as % of
 * one core (target <= 0.3%), each with the Node flags `npm start` gives it. The real processes, with their default schedules (health
 * sample every 30 s), the fake Bot API on loopback (the bot long-polls it as it would
 * Telegram) and the stand-in system tools.
 *
 *   npm run build && node bench/dist/idle-footprint.js
 *   BENCH_IDLE_SETTLE_SEC=10 BENCH_IDLE_WINDOW_SEC=10 node bench/dist/idle-footprint.js   # a quick run
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, QUIET_REDIS_ARGS } from '@potion/platform';
import {
  APP_MAIN,
  runStops,
  stackConfig,
  startAppProcess,
  startStackWorld,
  waitBotPolling,
  waitFor,
  waitWorkerReady,
  type AppProcess,
  type StopList,
} from '@potion/testkit';
import { NODE_FLAGS, nodeArgs } from './_node-flags.js';

const DASHBOARD_MAIN = fileURLToPath(new URL('../../apps/dashboard/dist/main.js', import.meta.url));
const settleSec = Number(process.env.BENCH_IDLE_SETTLE_SEC ?? 300);
const windowSec = Number(process.env.BENCH_IDLE_WINDOW_SEC ?? 60);

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Proportional set size: each shared page (the node binary and libraries, mapped by all
 * three Node processes) counted once across them, not three times as a sum of RSS does.
 */
function pssMb(pid: number | undefined): number {
  return rollup(pid, 'Pss');
}

/** A field of /proc/<pid>/smaps_rollup, in MB. */
function rollup(pid: number | undefined, field: string): number {
  if (pid === undefined) return NaN;
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Private pages of each process, plus the largest shared part once (the node binary they all map). */
function footprintMb(pids: ReadonlyArray<number | undefined>): number {
  const priv = pids.reduce<number>((sum, p) => sum + rollup(p, 'Private_Clean') + rollup(p, 'Private_Dirty'), 0);
  const shared = Math.max(...pids.map((p) => rollup(p, 'Shared_Clean') + rollup(p, 'Shared_Dirty')));
  return priv + shared;
}

/** CPU ticks used by a process and its waited-for children (the worker's commands). */
function cpuTicks(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the ")" of the command name: state is field 3, utime 14 ... cstime 17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export async function run(): Promise<Record<string, number | string>> {
  const stops: StopList = [];
  try {
    // Redis as `npm start` runs it (BENCH_REDIS_ARGS=none: redis-server's defaults).
    const world = await startStackWorld(stops, process.env.BENCH_REDIS_ARGS === 'none' ? {} : { redisArgs: QUIET_REDIS_ARGS });
    const { redis, fake, standins } = world;
    const port = await freePort();
    const config = stackConfig(world, {
      DASHBOARD_PORT: String(port),
      DASHBOARD_PASSWORD: 'bench-idle-password-123',
      LOG_LEVEL: 'info',
      JOB_LOCK_MS: '30000',
    });
    const procs: Record<string, AppProcess> = {};
    const start = (name: string, main: string, env: Record<string, string>) => {
      const p = startAppProcess(main, env, { nodeArgs: nodeArgs(name, process.env.BENCH_NODE_FLAGS) });
      procs[name] = p;
      stops.push(() => p.stop());
      return p;
    };
    const worker = start('worker', APP_MAIN.worker, { ...config.env, ...standins.env });
    await waitWorkerReady(worker, 30_000);
    start('dashboard', DASHBOARD_MAIN, config.env);
    await waitFor('the dashboard to answer', async () => ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200 ? true : undefined), 30_000);
    const bot = start('bot', APP_MAIN.bot, config.env);
    await waitBotPolling(fake, bot, 30_000);

    process.stderr.write(`idle-footprint: settling ${settleSec} s, then measuring CPU over ${windowSec} s\n`);
    await delay(settleSec * 1000);
    const pids = { bot: procs.bot!.child.pid, worker: procs.worker!.child.pid, dashboard: procs.dashboard!.child.pid, redis: redis.server.pid };
    const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuTicks(pid)]));
    const t0 = performance.now();
    await delay(windowSec * 1000);
    const elapsedSec = (performance.now() - t0) / 1000;
    const hz = clockTicks();
    const cpuPct = (name: keyof typeof pids) => ((cpuTicks(pids[name]) - before[name]!) / hz / elapsedSec) * 100;
    const cpu = { bot: cpuPct('bot'), worker: cpuPct('worker'), dashboard: cpuPct('dashboard'), redis: cpuPct('redis') };
    const rss = { bot: rssMb(pids.bot), worker: rssMb(pids.worker), dashboard: rssMb(pids.dashboard), redis: rssMb(pids.redis) };
    const pss = { bot: pssMb(pids.bot), worker: pssMb(pids.worker), dashboard: pssMb(pids.dashboard), redis: pssMb(pids.redis) };
    const pssTotal = pss.bot + pss.worker + pss.dashboard + pss.redis;
    const footprint = footprintMb([pids.bot, pids.worker, pids.dashboard, pids.redis]);
    for (const [name, p] of Object.entries(procs)) if (p.child.exitCode !== null) throw new Error(`${name} exited while idle: ${p.output().slice(-1000)}`);
    const rssTotal = rss.bot + rss.worker + rss.dashboard + rss.redis;
    const cpuTotal = cpu.bot + cpu.worker + cpu.dashboard + cpu.redis;
    return {
      settle_s: settleSec,
      cpu_window_s: windowSec,
      rss_bot_mb: r1(rss.bot),
      rss_worker_mb: r1(rss.worker),
      rss_dashboard_mb: r1(rss.dashboard),
      rss_redis_mb: r1(rss.redis),
      rss_total_mb: r1(rssTotal),
      rss_total_target_mb: 160,
      rss_ok: rssTotal <= 160 ? 'yes' : 'NO',
      // The dashboard on demand (npm start's listener, or a systemd socket) is not running
      // while nobody looks: what the other three hold then.
      rss_total_dashboard_on_demand_mb: r1(rssTotal - rss.dashboard),
      rss_on_demand_ok: rssTotal - rss.dashboard <= 160 ? 'yes' : 'NO',
      node_flags: process.env.BENCH_NODE_FLAGS ?? JSON.stringify(NODE_FLAGS),
      redis_args: process.env.BENCH_REDIS_ARGS === 'none' ? 'none' : QUIET_REDIS_ARGS.join(' '),
      private_plus_shared_once_mb: r1(footprint),
      private_plus_shared_once_ok: footprint <= 160 ? 'yes' : 'NO',
      pss_total_mb: r1(pssTotal),
      cpu_bot_pct: Math.round(cpu.bot * 100) / 100,
      cpu_worker_pct: Math.round(cpu.worker * 100) / 100,
      cpu_dashboard_pct: Math.round(cpu.dashboard * 100) / 100,
      cpu_redis_pct: Math.round(cpu.redis * 100) / 100,
      cpu_total_pct_of_one_core: Math.round(cpuTotal * 100) / 100,
      cpu_total_target_pct: 0.3,
      cpu_ok: cpuTotal <= 0.3 ? 'yes' : 'NO',
      cpu_total_dashboard_on_demand_pct: Math.round((cpuTotal - cpu.dashboard) * 100) / 100,
    };
  } finally {
    await runStops(stops);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(28)} ${v}\n`);
}
