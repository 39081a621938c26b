import { createRunner, type Runner } from '@potion/adapters';
import type { Config, Logger } from '@potion/jobs';
import type { HostSample } from '@potion/jobs';
import { AuditLog, checkEvictionPolicy, checkMarker, createRedis, keys, Producer, registerProcess, settingsFields, texts, waitReady, type MarkerState } from '@potion/jobs';
import { join } from 'node:path';
import { readBootTime, reportBoot, writeCleanShutdown } from './boot-notice.js';
import type { Deps } from './context.js';
import { createHandlers } from './handlers/index.js';
import type { Handlers } from './handlers/types.js';
import { InterruptedReporter } from './interrupted.js';
import { catchUpBackup } from './backup/catch-up.js';
import { logWriteAlert } from './log-write-alert.js';
import { installSchedules } from './schedules.js';
import { REDIS_GONE_STOP_MS, startWorkers } from './workers.js';

export interface WorkerAppOptions {
  config: Config;
  log: Logger;
  redisUrl: string;
  /** Default: the real handlers. Fault tests swap some for fixtures. */
  handlers?: Handlers;
  runner?: Runner;
  now?: () => number;
  procRoot?: string;
  /** Install the job schedulers. Default true. */
  schedules?: boolean;
  /** When this machine booted (Unix ms), for the "server sudah nyala lagi" check. Default: /proc/stat btime. */
  bootTime?: () => number;
  /** Takes a host sample. Default: the real sampler. Tests inject synthetic series. */
  sampler?: () => Promise<HostSample>;
}

export interface WorkerApp {
  deps: Deps;
  stop: () => Promise<void>;
}

/**
 * Starts the worker: checks Redis is fit to be a durable queue, notices a Redis that came
 * back empty, starts one BullMQ worker per queue kind, installs the schedulers and the
 * interrupted-job reporter.
 */
export async function startWorkerApp(opts: WorkerAppOptions): Promise<WorkerApp> {
  const { config, log } = opts;
  const redis = createRedis(opts.redisUrl, { role: 'worker', name: 'worker-keys' });
  const producerConn = createRedis(opts.redisUrl, { role: 'producer', name: 'worker-producer' });
  await Promise.all([waitReady(redis), waitReady(producerConn)]);
  await checkEvictionPolicy(redis);
  const producer = new Producer({ connection: producerConn, hostId: config.hostId });
  const now = opts.now ?? Date.now;
  const deps: Deps = {
    config,
    log,
    redis,
    producer,
    now,
    procRoot: opts.procRoot ?? '/proc',
    runner: opts.runner ?? createRunner({ onRun: (r) => log.debug({ module: 'adapters:runner', ...r }, 'command ran') }),
    ...(opts.sampler ? { sampler: opts.sampler } : {}),
  };
  const audit = new AuditLog(config.logDir, logWriteAlert({ config, log, redis, producer, now }));

  const markerFile = join(config.dataDir, 'redis-marker.json');
  /** Notices a Redis that came back empty: at start, and after every reconnect. */
  const checkRedisMarker = async (): Promise<MarkerState> => {
    const marker = await checkMarker(redis, markerFile);
    if (marker.state === 'lost') {
      log.error({ previous: marker.previousId, since: marker.previousCreatedAt }, 'REDIS CAME BACK EMPTY: queued jobs, schedules, settings and alert state were lost');
      for (const chatId of config.adminIds) {
        await producer.enqueue(
          'notify.send',
          { chatId, text: texts.redisEmpty(marker.previousCreatedAt), kind: 'alert', createdAt: now() },
          { requestId: 'redis-empty', by: { kind: 'system', name: 'worker' }, enqueuedAt: now() },
          { jobId: `redis-empty.${marker.id}.${chatId}` },
        );
      }
    } else {
      log.info({ marker: marker.id, state: marker.state }, 'redis marker checked');
    }
    return marker;
  };
  await checkRedisMarker();

  // Before anything writes a new sign of life (the process hash, a sample, a heartbeat), and
  // before the interrupted-job sweep: a power job cut short by its own reboot is not "interrupted".
  const bootTime = opts.bootTime ?? (() => readBootTime(deps.procRoot));
  await reportBoot(deps, bootTime()).catch((err: unknown) => log.error({ err }, 'could not check how the last run ended'));
  const unregister = await registerProcess(redis, 'worker', now);

  const handlers = opts.handlers ?? createHandlers();
  const reporter = new InterruptedReporter(deps, handlers, audit, producer.queue('once'));
  const eventsConn = createRedis(opts.redisUrl, { role: 'worker', name: 'worker-events' });
  await reporter.start(eventsConn);
  const set = startWorkers(deps, handlers, audit, opts.redisUrl);
  if (opts.schedules !== false) {
    const backupTime = (await redis.hget(keys.settings, settingsFields.backupTime)) ?? undefined;
    const ids = await installSchedules(producer, config, now, backupTime ? { backupTime } : {});
    log.info({ schedulers: ids }, 'job schedulers installed');
    const catchUp = await catchUpBackup(redis, producer, config, now());
    log.info({ ...catchUp, lastDue: new Date(catchUp.lastDue).toISOString() }, 'backup catch-up checked');
  }
  // Redis restarted under a running worker (a crash, a power cut of Redis alone): if it came
  // back empty, say so loudly and put the schedulers back, instead of silently starting over.
  let closing = false;
  const onReconnect = () => {
    if (closing) return;
    void waitReady(producerConn, 15_000)
      .then(checkRedisMarker)
      .then(async (m) => {
        if (m.state === 'lost' && opts.schedules !== false) log.warn({ schedulers: await installSchedules(producer, config, now) }, 'job schedulers installed again');
      })
      .catch((err: unknown) => log.error({ err }, 'could not check Redis after a reconnect'));
  };
  redis.on('ready', onReconnect);
  log.info({ host: config.hostId, queues: set.workers.map((w) => w.name) }, 'worker ready');

  return {
    deps,
    stop: async () => {
      closing = true;
      redis.off('ready', onReconnect);
      await set.close();
      // Only a stop through this code is clean; a power cut or kill -9 never gets here.
      await writeCleanShutdown(config.dataDir, now()).catch((err: unknown) => log.error({ err }, 'could not write the clean-shutdown marker'));
      // No job runs any more: the rest only tidies up in Redis, which may be gone (its
      // commands would wait for a reconnect forever), so it gets a bounded time.
      let timer: NodeJS.Timeout | undefined;
      const tidy = (async () => {
        await unregister();
        await reporter.close();
        eventsConn.disconnect();
        await producer.close();
      })();
      const done = await Promise.race([tidy.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), REDIS_GONE_STOP_MS)))]);
      clearTimeout(timer);
      if (!done) log.warn({ waitedMs: REDIS_GONE_STOP_MS }, 'Redis did not answer while stopping: left the rest of the tidy-up');
      eventsConn.disconnect();
      redis.disconnect();
      producerConn.disconnect();
    },
  };
}
