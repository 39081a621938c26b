/**
 * A worker-only host at idle (issue 18): the worker alone, as `install.sh --join` runs it on
 * a second machine (HOST_ID=pi, HOST_ROLE=joined, no bot, no dashboard, no BOT_TOKEN), against a redis-server
 * the bench starts in place of the main machine's Redis, with the Node flags `npm start` and
 * the systemd unit give the worker (apps/cli/src/node-flags.ts). After it has run idle for a
 * while (its default schedules: a host sample every 30 s, heartbeats; the host alert rules
 * off), its RSS, PSS and CPU as % of one core over a window, with and without the commands it
 * runs (stand-ins of systemctl, journalctl, ...). Targets: <= 70 MB RSS, <= 0.1 % of a core (Beszel's Go
 * agent: 15-20 MB, ~0.01 %). Redis is the main machine's, so not counted.
 *
 *   npm run build && node bench/dist/worker-host-idle.js
 *   BENCH_WORKER_HOST_SETTLE_SEC=10 BENCH_WORKER_HOST_WINDOW_SEC=10 node bench/dist/worker-host-idle.js   # a quick run
 */
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { QUIET_REDIS_ARGS } from '@potion/platform';
import { APP_MAIN, createStandins, openTestProducer, runStops, startAppProcess, startTestRedis, testConfig, waitWorkerReady, type StopList } from '@potion/testkit';
import { NODE_FLAGS, nodeArgs } from './_node-flags.js';
import { cpuOverWindow, pssMb, r1, r2, rollup, rssMb } from './_proc-stats.js';

// The idle-footprint settings apply here too unless this case's own are set.
const settleSec = Number(process.env.BENCH_WORKER_HOST_SETTLE_SEC ?? process.env.BENCH_IDLE_SETTLE_SEC ?? 300);
const windowSec = Number(process.env.BENCH_WORKER_HOST_WINDOW_SEC ?? process.env.BENCH_IDLE_WINDOW_SEC ?? 120);
const RSS_TARGET_MB = 70;
const CPU_TARGET_PCT = 0.1;

export async function run(): Promise<Record<string, number | string>> {
  const stops: StopList = [];
  try {
    // The main machine's Redis, as `npm start` runs it there (BENCH_REDIS_ARGS=none: defaults).
    const redis = await startTestRedis(process.env.BENCH_REDIS_ARGS === 'none' ? {} : { extraArgs: QUIET_REDIS_ARGS });
    stops.push(() => redis.stop());
    const standins = createStandins();
    stops.push(() => standins.cleanup());
    // The host rules off, as in the stack tests: this machine's temp "HDD" is no mount point
    // and its load is other work's, so they would fire and queue alerts a quiet host does not.
    await openTestProducer(stops, redis.url, 'pi');
    // HOST_ROLE=joined as `install.sh --join` writes it (deploy/lib/join.sh): a joined host runs
    // no check of the other hosts' heartbeats (health.hosts is the main host's).
    const config = testConfig({ REDIS_URL: redis.url, HOST_ID: 'pi', HOST_ROLE: 'joined', LOG_LEVEL: 'info', JOB_LOCK_MS: '30000' });
    const worker = startAppProcess(APP_MAIN.worker, { ...config.env, ...standins.env }, { nodeArgs: nodeArgs('worker', process.env.BENCH_NODE_FLAGS) });
    stops.push(() => worker.stop());
    await waitWorkerReady(worker, 30_000);

    process.stderr.write(`worker-host-idle: settling ${settleSec} s, then measuring CPU over ${windowSec} s\n`);
    await delay(settleSec * 1000);
    const pid = worker.child.pid;
    const { pct, ownPct, elapsedSec, loadStart, loadEnd } = await cpuOverWindow({ worker: pid, redis: redis.server.pid }, windowSec);
    if (worker.child.exitCode !== null) throw new Error(`the worker exited while idle: ${worker.output().slice(-1000)}`);
    const rss = rssMb(pid);
    return {
      host_id: 'pi',
      settle_s: settleSec,
      cpu_window_s: Math.round(elapsedSec),
      load_avg_1m_start_end: `${loadStart} / ${loadEnd}`,
      node_flags: process.env.BENCH_NODE_FLAGS ?? JSON.stringify(NODE_FLAGS.worker ?? []),
      rss_worker_mb: r1(rss),
      rss_target_mb: RSS_TARGET_MB,
      rss_ok: rss <= RSS_TARGET_MB ? 'yes' : 'NO',
      pss_worker_mb: r1(pssMb(pid)),
      private_worker_mb: r1(rollup(pid, 'Private_Clean') + rollup(pid, 'Private_Dirty')),
      anonymous_worker_mb: r1(rollup(pid, 'Anonymous')),
      cpu_worker_pct_of_one_core: r2(pct.worker),
      cpu_worker_without_commands_pct: r2(ownPct.worker),
      cpu_target_pct: CPU_TARGET_PCT,
      cpu_ok: pct.worker <= CPU_TARGET_PCT ? 'yes' : 'NO',
      // Context only: the main machine pays this, not the host.
      cpu_redis_pct: r2(pct.redis),
    };
  } finally {
    await runStops(stops);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(28)} ${v}\n`);
}
