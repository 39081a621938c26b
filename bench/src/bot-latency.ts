/**
 * Press -> pending-message and press -> final-edit latency of 📊 Status, through the real
 * bot process, Redis, the real worker process and the outbox, against the fake Bot API on
 * loopback; next to a bare grammY bot answering the same press with the same send + edit
 * (the pending message, then its edit into a fixed text: the floor), in the same run, and
 * their ratio (target: final edit p95 <= 2x the bare bot's). Also reports the bot's
 * resident memory when idle.
 *
 *   npm run build && node bench/dist/bot-latency.js [presses]
 *   BOT_NODE_FLAGS=none WORKER_NODE_FLAGS=none ...   # without npm start's Node flags
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openQueue, queueName, texts, waitReady } from '@potion/jobs';
import { createRedis } from '@potion/platform';
import {
  APP_MAIN,
  FAKE_BOT_TOKEN,
  runStops,
  stackConfig,
  startAppProcess,
  startFakeTelegram,
  startStackWorld,
  waitBotPolling,
  waitWorkerReady,
  type FakeTelegram,
  type StopList,
} from '@potion/testkit';
import { nodeArgs } from './_node-flags.js';
import { clockTicks, cpuTicks, loadAverage1 } from './_proc-stats.js';

const ADMIN = 1001;
const BARE_BOT = fileURLToPath(new URL('./_bare-bot.js', import.meta.url));

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024) : NaN;
}

/** One press of 📊 Status: ms to the pending message and to the final edit of it. */
async function pressStatus(fake: FakeTelegram): Promise<{ pending: number; final: number; updateId: number }> {
  const from = fake.calls.length;
  const t0 = performance.now();
  const updateId = fake.type(ADMIN, '📊 Status');
  const pending = await fake.waitForCall(
    (c) => fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.text === texts.PROCESSING,
    10_000,
    'the pending message',
  );
  const messageId = (pending.result as { message_id: number }).message_id;
  const edit = await fake.waitForCall(
    (c) => c.method === 'editMessageText' && c.params.message_id === messageId && c.text !== texts.PROCESSING,
    10_000,
    'the final edit',
  );
  return { pending: pending.at - t0, final: edit.at - t0, updateId };
}

/** One press at the bare bot: ms to its pending message and to the edit of it. */
async function pressBare(fake: FakeTelegram): Promise<{ pending: number; final: number }> {
  const from = fake.calls.length;
  const t0 = performance.now();
  fake.type(ADMIN, '📊 Status');
  const sent = await fake.waitForCall((c) => fake.calls.indexOf(c) >= from && c.method === 'sendMessage', 10_000, 'the bare pending message');
  const messageId = (sent.result as { message_id: number }).message_id;
  const edit = await fake.waitForCall((c) => c.method === 'editMessageText' && c.params.message_id === messageId, 10_000, 'the bare edit');
  return { pending: sent.at - t0, final: edit.at - t0 };
}

/**
 * Where the time goes, from BullMQ's own timestamps (ms resolution): waiting for the
 * worker, the status job itself, waiting for the bot's outbox worker, and delivery.
 */
async function stageTimes(redisUrl: string, hostId: string, updateIds: number[]): Promise<Record<string, number>> {
  const conn = createRedis(redisUrl, { role: 'producer', name: 'bench' });
  await waitReady(conn);
  const read = openQueue(queueName('read', hostId), { connection: conn });
  const notify = openQueue(queueName('notify', hostId), { connection: conn });
  const acc: Record<string, number[]> = { 'queue->worker p50 ms': [], 'status job p50 ms': [], 'outbox queue->bot p50 ms': [], 'outbox delivery p50 ms': [] };
  try {
    for (const id of updateIds) {
      const job = await read.getJob(`tg-${id}`);
      const out = await notify.getJob(`res.${queueName('read', hostId)}.tg-${id}`);
      if (!job?.processedOn || !job.finishedOn || !out?.processedOn || !out.finishedOn) continue;
      acc['queue->worker p50 ms']!.push(job.processedOn - job.timestamp);
      acc['status job p50 ms']!.push(out.timestamp - job.processedOn);
      acc['outbox queue->bot p50 ms']!.push(out.processedOn - out.timestamp);
      acc['outbox delivery p50 ms']!.push(out.finishedOn - out.processedOn);
    }
  } finally {
    await read.close();
    await notify.close();
    conn.disconnect();
  }
  return Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, percentile([...v].sort((x, y) => x - y), 0.5)]));
}

export async function run(presses = 200): Promise<Record<string, number | string>> {
  const stops: StopList = [];
  try {
    const world = await startStackWorld(stops);
    const { redis, fake, standins } = world;
    const bareFake = await startFakeTelegram();
    stops.push(() => bareFake.stop());
    const config = stackConfig(world, {
      ADMIN_IDS: String(ADMIN),
      BOT_FLOOD_BURST: '100000',
      LOG_LEVEL: 'warn',
    });
    const worker = startAppProcess(APP_MAIN.worker, { ...config.env, ...standins.env, LOG_LEVEL: 'info' }, { nodeArgs: nodeArgs('worker', process.env.WORKER_NODE_FLAGS) });
    stops.push(() => worker.stop());
    await waitWorkerReady(worker, 20_000);
    const bot = startAppProcess(APP_MAIN.bot, config.env, { nodeArgs: nodeArgs('bot', process.env.BOT_NODE_FLAGS) });
    stops.push(() => bot.stop());
    await waitBotPolling(fake, bot, 20_000);
    const bare = startAppProcess(BARE_BOT, { BOT_TOKEN: FAKE_BOT_TOKEN, TELEGRAM_API_ROOT: bareFake.apiRoot, BARE_PENDING_TEXT: texts.PROCESSING });
    stops.push(() => bare.stop());
    await waitBotPolling(bareFake, bare, 20_000);

    // Idle memory after start-up settles (one press first, so everything is loaded).
    await pressStatus(fake);
    await new Promise((r) => setTimeout(r, 1000));
    const idleRss = rssMb(bot.child.pid);
    const bareRss = rssMb(bare.child.pid);

    const warmup = 20;
    for (let i = 0; i < warmup; i++) {
      await pressStatus(fake);
      await pressBare(bareFake);
    }
    const pending: number[] = [];
    const final: number[] = [];
    const barePending: number[] = [];
    const bareMs: number[] = [];
    const updateIds: number[] = [];
    const cpu0 = { bot: cpuTicks(bot.child.pid), worker: cpuTicks(worker.child.pid), bare: cpuTicks(bare.child.pid) };
    // Interleaved, so both bots see the same machine load.
    for (let i = 0; i < presses; i++) {
      const r = await pressStatus(fake);
      pending.push(r.pending);
      final.push(r.final);
      updateIds.push(r.updateId);
      const b = await pressBare(bareFake);
      barePending.push(b.pending);
      bareMs.push(b.final);
    }
    // CPU per press, from /proc (less sensitive than latency to what else runs on the machine).
    const msPerPress = (ticks: number) => round((ticks * 1000) / clockTicks() / presses);
    const cpu = {
      'bot CPU ms per press': msPerPress(cpuTicks(bot.child.pid) - cpu0.bot),
      'worker CPU ms per press': msPerPress(cpuTicks(worker.child.pid) - cpu0.worker),
      'bare bot CPU ms per press': msPerPress(cpuTicks(bare.child.pid) - cpu0.bare),
      'load average (1 min) at the end': loadAverage1(),
    };
    const sort = (a: number[]) => [...a].sort((x, y) => x - y);
    const [p, f, b, bp] = [sort(pending), sort(final), sort(bareMs), sort(barePending)];
    const stages = await stageTimes(redis.url, config.hostId, updateIds);
    return {
      presses,
      'bare bot pending p50 ms': round(percentile(bp, 0.5)),
      'bare bot pending p95 ms': round(percentile(bp, 0.95)),
      'bare bot final edit p50 ms': round(percentile(b, 0.5)),
      'bare bot final edit p95 ms': round(percentile(b, 0.95)),
      'bare bot final edit p99 ms': round(percentile(b, 0.99)),
      'press->pending p50 ms': round(percentile(p, 0.5)),
      'press->pending p95 ms': round(percentile(p, 0.95)),
      'press->pending p99 ms': round(percentile(p, 0.99)),
      'press->final edit p50 ms': round(percentile(f, 0.5)),
      'press->final edit p95 ms': round(percentile(f, 0.95)),
      'press->final edit p99 ms': round(percentile(f, 0.99)),
      'final edit p95 / bare final edit p95': round(percentile(f, 0.95) / percentile(b, 0.95)),
      'final edit p50 / bare final edit p50': round(percentile(f, 0.5) / percentile(b, 0.5)),
      'targets (p95)': 'pending <= 15 ms, final edit <= 2x the bare bot',
      ...stages,
      ...cpu,
      'bot idle RSS MB': idleRss,
      'bare bot idle RSS MB': bareRss,
      'bot RSS after run MB': rssMb(bot.child.pid),
    };
  } finally {
    await runStops(stops);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const presses = Number(process.argv[2] ?? 200);
  const result = await run(presses);
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(width)}  ${v}`);
}
