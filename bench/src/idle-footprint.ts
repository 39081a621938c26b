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
import { cpuOverWindow, footprintMb, pssMb, r1, rssMb } from './_proc-stats.js';

const DASHBOARD_MAIN = fileURLToPath(new URL('../../apps/dashboard/dist/main.js', import.meta.url));
const settleSec = Number(process.env.BENCH_IDLE_SETTLE_SEC ?? 300);
const windowSec = Number(process.env.BENCH_IDLE_WINDOW_SEC ?? 60);

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
    const { pct: cpu } = await cpuOverWindow(pids, windowSec);
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
