// Queue throughput: N no-op jobs through the registry's typed enqueue + the worker's job
// wrapper, against raw BullMQ Queue.add + Worker in the same run on the same Redis.
// Target (issue 20): process ratio >= 0.95.
//
// Like with like, checked each round (the run throws otherwise): the same queue, the same job
// data bytes, the same job options (attempts, removeOnComplete/removeOnFail), the same
// concurrency (4) and the same returnvalue bytes stored per job; Redis runs the same commands
// for both sides, so only the code in this process differs.
//
// CPU per job is what this process used while processing. On a shared 2-core VM it follows
// the machine's load (stolen time is counted too), so each side is also measured against the
// CPU Redis spent on the same jobs in the same seconds (INFO cpu): Redis does identical work
// for both sides, so "CPU per Redis CPU" cancels most of the load. Rounds are interleaved
// (raw, registry, registry, raw, ...); every figure is a median.
import { BULLMQ_PREFIX, defaultJobOptions, jobs, openWorker, Producer, queueName, waitReady } from '@potion/jobs';
import { createRedis } from '@potion/platform';
import { startTestRedis } from '@potion/testkit';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_HOST, statusProcessor } from './_status-processor.js';

const N = Number(process.env.BENCH_JOBS ?? 10_000);
/** Rounds per side. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = 4;
const QUEUE = queueName('read', BENCH_HOST);

async function drain(worker: Worker, n: number): Promise<void> {
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    worker.on('completed', () => {
      done += 1;
      if (done === n) resolve();
    });
    worker.on('failed', (_j, err) => reject(err));
  });
}

/** CPU seconds Redis has used, in µs (INFO cpu: its main thread and helpers). */
async function redisCpuUs(conn: Redis): Promise<number> {
  const info = await conn.call('INFO', 'cpu');
  const field = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(String(info))?.[1] ?? NaN);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
}

/** What one job of a side stores, to check that both sides store the same. */
interface Stored {
  dataBytes: number;
  opts: string;
  returnBytes: number;
}

async function firstJob(conn: Redis): Promise<{ data: string; opts: string; returnvalue: string }> {
  const key = `${BULLMQ_PREFIX}:${QUEUE}:1`;
  const [data, opts, returnvalue] = (await conn.hmget(key, 'data', 'opts', 'returnvalue')) as (string | null)[];
  return { data: data ?? '', opts: opts ?? '', returnvalue: returnvalue ?? '' };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function run(): Promise<Record<string, number | string>> {
  // everysec: this compares the typing and audit layer with raw BullMQ, not the disk (with
  // 'always' every add waits for an fsync and the ratio becomes disk noise).
  const redis = await startTestRedis({ appendfsync: 'everysec' });
  const conn = createRedis(redis.url, { role: 'producer', name: 'bench' });
  await waitReady(conn);
  const producer = new Producer({ connection: conn, hostId: BENCH_HOST });
  const depsRedis = createRedis(redis.url, { role: 'worker', name: 'deps' });
  const { meta, result, processor } = statusProcessor({ redis: depsRedis, producer });
  // Both sides use the same queue, so only the code differs: raw add + a bare processor vs the
  // registry's enqueue + the worker's job wrapper.
  // The "raw BullMQ" baseline: a bare Queue on purpose, not openQueue.
  const rawQueue = new Queue(QUEUE, { connection: conn, prefix: BULLMQ_PREFIX });
  const stored: Partial<Record<'raw' | 'registry', Stored>> = {};
  const load0 = loadavg()[0]!;

  /**
   * Enqueue N one by one, then process them with CONCURRENCY at a time; returns both times
   * in ms, this process's CPU while processing (µs) and Redis's CPU in the same time (µs).
   */
  const round = async (kind: 'raw' | 'registry'): Promise<{ enq: number; proc: number; cpu: number; redisCpu: number }> => {
    let t0 = performance.now();
    for (let i = 0; i < N; i++) {
      // The same retention and retry options as the registry gives the job: the comparison is
      // about validation and the wrapper, not about what BullMQ keeps.
      if (kind === 'raw') await rawQueue.add('status.summary', { payload: {}, meta }, defaultJobOptions('read', jobs['status.summary'].attempts));
      else await producer.enqueue('status.summary', {}, meta);
    }
    const enq = performance.now() - t0;
    const before = await firstJob(conn);
    // BullMQ does not close a connection it was given: closed below, or it would keep
    // reconnecting (ECONNREFUSED noise) to this Redis after it stopped.
    const workerConn = createRedis(redis.url, { role: 'worker', name: kind });
    const worker =
      kind === 'raw'
        ? // The "raw BullMQ" baseline: a bare Worker on purpose, not openWorker.
          new Worker(QUEUE, async () => result, { connection: workerConn, prefix: BULLMQ_PREFIX, concurrency: CONCURRENCY, autorun: false })
        : openWorker(QUEUE, processor, { connection: workerConn, concurrency: CONCURRENCY, autorun: false });
    const redis0 = await redisCpuUs(conn);
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const done = drain(worker, N);
    void worker.run();
    await done;
    const proc = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    const redisCpu = (await redisCpuUs(conn)) - redis0;
    await worker.close();
    workerConn.disconnect();
    const after = await firstJob(conn);
    const mine: Stored = { dataBytes: before.data.length, opts: before.opts, returnBytes: after.returnvalue.length };
    const other = stored[kind === 'raw' ? 'registry' : 'raw'];
    if (mine.dataBytes === 0 || mine.returnBytes === 0) throw new Error(`${kind}: job 1 was not stored as expected (data ${mine.dataBytes} B, returnvalue ${mine.returnBytes} B)`);
    if (other && (other.dataBytes !== mine.dataBytes || other.opts !== mine.opts || other.returnBytes !== mine.returnBytes)) {
      throw new Error(`the sides store different jobs: ${JSON.stringify({ [kind]: mine, other })}`);
    }
    stored[kind] = mine;
    await conn.flushdb();
    return { enq, proc, cpu: used.user + used.system, redisCpu };
  };
  const raws: Awaited<ReturnType<typeof round>>[] = [];
  const regs: Awaited<ReturnType<typeof round>>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // ABBA order: warm-up and a drifting machine favour neither side.
    if (i % 2 === 0) {
      raws.push(await round('raw'));
      regs.push(await round('registry'));
    } else {
      regs.push(await round('registry'));
      raws.push(await round('raw'));
    }
  }
  const load1 = loadavg()[0]!;

  await rawQueue.close();
  await producer.close();
  depsRedis.disconnect();
  conn.disconnect();
  await redis.stop();
  const rate = (ms: number) => Math.round((N / ms) * 1000);
  const med = (rs: typeof raws, f: (r: (typeof raws)[number]) => number) => median(rs.map(f));
  const rawEnqMs = med(raws, (r) => r.enq);
  const regEnqMs = med(regs, (r) => r.enq);
  const rawProcMs = med(raws, (r) => r.proc);
  const regProcMs = med(regs, (r) => r.proc);
  const rawCpuUs = med(raws, (r) => r.cpu);
  const regCpuUs = med(regs, (r) => r.cpu);
  const rawPerRedis = med(raws, (r) => r.cpu / r.redisCpu);
  const regPerRedis = med(regs, (r) => r.cpu / r.redisCpu);
  return {
    jobs: N,
    'rounds per side (interleaved, medians)': ROUNDS,
    'same on both sides (checked)': `queue ${QUEUE}, concurrency ${CONCURRENCY}, job data ${stored.raw?.dataBytes} B, returnvalue ${stored.raw?.returnBytes} B, options ${stored.raw?.opts}`,
    'load average (start, end)': `${load0.toFixed(2)}, ${load1.toFixed(2)}`,
    'raw enqueue jobs/s': rate(rawEnqMs),
    'registry enqueue jobs/s': rate(regEnqMs),
    'enqueue ratio (registry/raw)': Number((rawEnqMs / regEnqMs).toFixed(3)),
    'raw process jobs/s': rate(rawProcMs),
    'registry process jobs/s': rate(regProcMs),
    'process ratio (registry/raw)': Number((rawProcMs / regProcMs).toFixed(3)),
    'raw process CPU us/job': Number((rawCpuUs / N).toFixed(1)),
    'registry process CPU us/job': Number((regCpuUs / N).toFixed(1)),
    'process ratio by CPU (registry/raw)': Number((rawCpuUs / regCpuUs).toFixed(3)),
    'raw process CPU per Redis CPU': Number(rawPerRedis.toFixed(3)),
    'registry process CPU per Redis CPU': Number(regPerRedis.toFixed(3)),
    'process ratio by CPU per Redis CPU (registry/raw, load-robust)': Number((rawPerRedis / regPerRedis).toFixed(3)),
    target: 'ratio >= 0.95 (issue 20)',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await run());
  process.exit(0);
}
