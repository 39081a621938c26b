// Queue throughput: N no-op jobs through the registry's typed enqueue + the worker's job
// wrapper, against raw BullMQ Queue.add + Worker in the same run on the same Redis.
// Target (issue 20): process ratio >= 0.95.
import { BULLMQ_PREFIX, defaultJobOptions, jobs, openWorker, Producer, queueName, waitReady } from '@potion/jobs';
import { createRedis } from '@potion/platform';
import { startTestRedis } from '@potion/testkit';
import { Queue, Worker } from 'bullmq';
import { fileURLToPath } from 'node:url';
import { BENCH_HOST, statusProcessor } from './_status-processor.js';

const N = Number(process.env.BENCH_JOBS ?? 10_000);

async function drain(worker: Worker, n: number): Promise<void> {
  let done = 0;
  await new Promise<void>((resolve) => {
    worker.on('completed', () => {
      done += 1;
      if (done === n) resolve();
    });
    worker.on('failed', (_j, err) => {
      throw err;
    });
  });
}

export async function run(): Promise<Record<string, number | string>> {
  // everysec: this compares the typing and audit layer with raw BullMQ, not the disk (with
  // 'always' every add waits for an fsync and the ratio becomes disk noise).
  const redis = await startTestRedis({ appendfsync: 'everysec' });
  const conn = createRedis(redis.url, { role: 'producer', name: 'bench' });
  await waitReady(conn);
  const producer = new Producer({ connection: conn, hostId: BENCH_HOST });
  const depsRedis = createRedis(redis.url, { role: 'worker', name: 'deps' });
  const { cfg, meta, result, processor } = statusProcessor({ redis: depsRedis, producer });
  // Both sides use the same queue, so only the code differs: raw add + a bare processor vs the
  // registry's enqueue + the worker's job wrapper.
  // The "raw BullMQ" baseline: a bare Queue on purpose, not openQueue.
  const rawQueue = new Queue(queueName('read', 'bench'), { connection: conn, prefix: BULLMQ_PREFIX });

  /**
   * Enqueue N one by one, then process them with 4 at a time; returns both times in ms and the
   * CPU this process used while processing (µs): on a loaded machine the wall times follow the
   * other work, the CPU per job much less.
   */
  const round = async (kind: 'raw' | 'registry'): Promise<{ enq: number; proc: number; cpu: number }> => {
    let t0 = performance.now();
    for (let i = 0; i < N; i++) {
      // The same retention and retry options as the registry gives the job: the comparison is
      // about validation and the wrapper, not about what BullMQ keeps.
      if (kind === 'raw') await rawQueue.add('status.summary', { payload: {}, meta }, defaultJobOptions('read', jobs['status.summary'].attempts));
      else await producer.enqueue('status.summary', {}, meta);
    }
    const enq = performance.now() - t0;
    // BullMQ does not close a connection it was given: closed below, or it would keep
    // reconnecting (ECONNREFUSED noise) to this Redis after it stopped.
    const workerConn = createRedis(redis.url, { role: 'worker', name: kind });
    const worker =
      kind === 'raw'
        ? // The "raw BullMQ" baseline: a bare Worker on purpose, not openWorker.
          new Worker(queueName('read', 'bench'), async () => result, { connection: workerConn, prefix: BULLMQ_PREFIX, concurrency: 4, autorun: false })
        : openWorker(queueName('read', 'bench'), processor, { connection: workerConn, concurrency: 4, autorun: false });
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const done = drain(worker, N);
    void worker.run();
    await done;
    const proc = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    await worker.close();
    workerConn.disconnect();
    await conn.flushdb();
    return { enq, proc, cpu: used.user + used.system };
  };
  // Interleaved (raw, registry, registry, raw) and the best of each, so warm-up and a busy
  // machine do not favour one side.
  const r1 = await round('raw');
  const g1 = await round('registry');
  const g2 = await round('registry');
  const r2 = await round('raw');
  const r3 = await round('raw');
  const g3 = await round('registry');
  const rawEnqMs = Math.min(r1.enq, r2.enq, r3.enq);
  const rawProcMs = Math.min(r1.proc, r2.proc, r3.proc);
  const regEnqMs = Math.min(g1.enq, g2.enq, g3.enq);
  const regProcMs = Math.min(g1.proc, g2.proc, g3.proc);
  const rawCpuUs = Math.min(r1.cpu, r2.cpu, r3.cpu);
  const regCpuUs = Math.min(g1.cpu, g2.cpu, g3.cpu);

  await rawQueue.close();
  await producer.close();
  depsRedis.disconnect();
  conn.disconnect();
  await redis.stop();
  const rate = (ms: number) => Math.round((N / ms) * 1000);
  return {
    jobs: N,
    'raw enqueue jobs/s': rate(rawEnqMs),
    'registry enqueue jobs/s': rate(regEnqMs),
    'enqueue ratio (registry/raw)': Number((rawEnqMs / regEnqMs).toFixed(3)),
    'raw process jobs/s': rate(rawProcMs),
    'registry process jobs/s': rate(regProcMs),
    'process ratio (registry/raw)': Number((rawProcMs / regProcMs).toFixed(3)),
    'raw process CPU us/job': Number((rawCpuUs / N).toFixed(1)),
    'registry process CPU us/job': Number((regCpuUs / N).toFixed(1)),
    'process ratio by CPU (registry/raw)': Number((rawCpuUs / regCpuUs).toFixed(3)),
    target: 'ratio >= 0.95 (issue 20)',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await run());
  process.exit(0);
}
