import { createRunner, type Runner } from '@potion/adapters';
import type { Config, Logger, LogFileErrors } from '@potion/platform';
import type { HostSample } from '@potion/jobs';
import { dayTime, toHtml, logWriteAlert, checkEvictionPolicy, checkMarker, hostKeys, loadOrCreateProofKey, Producer, publishHostLists, registerProcess, settingsFields, texts, waitReady, type MarkerState } from '@potion/jobs';
import { AuditLog, createRedis } from '@potion/platform';
import { join } from 'node:path';
import { readBootTime, reportBoot, writeCleanShutdown } from './runtime/boot-notice.js';
import type { Deps } from './runtime/context.js';
import { createHandlers } from './jobs/index.js';
import { followSelfUpdate } from './jobs/selfupdate/follow.js';
import type { Handlers } from './jobs/types.js';
import { InterruptedReporter } from './runtime/interrupted.js';
import { JobLedger } from './runtime/job-ledger.js';
import { tellAdmins } from './runtime/outbox.js';
import { ResultOutbox } from './runtime/result-outbox.js';
import { catchUpBackup } from './backup/catch-up.js';
import { snapshotsDir } from './backup/layout.js';
import { clearStaleRunning } from './backup/state.js';
import { installSchedules } from './runtime/schedules.js';
import { SecurityFollower, type SecurityFollowerOptions } from './host/security-follow.js';
import { migrateLegacyKeys, registerHost } from './runtime/host-registry.js';
import { alertHostName } from './alerts/host-name.js';
import { Tuning } from './alerts/tuning.js';
import { restoreStateMirror, saveStateMirror, type Restored } from './runtime/state-mirror.js';
import { UsedProofs } from './runtime/used-proofs.js';
import { REDIS_GONE_STOP_MS, startWorkers } from './runtime/workers.js';

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
  /** The logger's runtime.log write errors (given to createLogger): they raise the "cannot write logs" alert. */
  logFileErrors?: LogFileErrors;
  /** Follow the journal for the security events (`journalctl -f`). Default: on when the schedules are. */
  securityFollow?: SecurityFollowerOptions | false;
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
  // The key the bot signs confirmed jobs with, created on the first start (docs/decisions/023).
  const signer = loadOrCreateProofKey(config.dataDir);
  const producer = new Producer({ connection: producerConn, hostId: config.hostId, signer });
  const now = opts.now ?? Date.now;
  const hk = hostKeys(config.hostId);
  // Only on the main machine: a joined host's Redis user may touch neither the global keys of
  // an install from before per-host keys nor the registry (`potion hosts add` put it there).
  if (config.hostRole === 'main') {
    // Before anything reads this host's keys: an install from before per-host keys keeps its state.
    await migrateLegacyKeys({ redis, hostId: config.hostId, log, now });
    await registerHost({ redis, hostId: config.hostId, now });
  }
  const deps: Deps = {
    config,
    log,
    redis,
    keys: hk,
    producer,
    now,
    procRoot: opts.procRoot ?? '/proc',
    tuning: new Tuning(redis, hk, config, log),
    proofs: { signer, used: new UsedProofs(join(config.dataDir, 'keys', 'used-proofs'), now()) },
    runner: opts.runner ?? createRunner({ onRun: (r) => log.debug({ module: 'adapters:runner', ...r }, 'command ran') }),
    ...(opts.sampler ? { sampler: opts.sampler } : {}),
  };
  const logAlert = logWriteAlert({ config, log, redis, producer, now, hostName: () => alertHostName({ redis, config }) });
  const audit = new AuditLog(config.logDir, (err) => logAlert(err, 'actions.log'));
  opts.logFileErrors?.listen((err) => logAlert(err, 'runtime.log'));

  const markerFile = join(config.dataDir, 'redis-marker.json');
  /** Notices a Redis that came back empty: at start, and after every reconnect. */
  const checkRedisMarker = async (): Promise<MarkerState> => {
    let restored: Restored | undefined;
    const marker = await checkMarker(redis, markerFile, {
      key: hk.marker,
      // Before the new marker: until it exists, nothing copies the empty state over the file.
      beforeNewMarker: async () => {
        restored = await restoreStateMirror({ redis, keys: hk, config, log, now });
      },
    });
    if (marker.state === 'lost') {
      log.error({ previous: marker.previousId, since: marker.previousCreatedAt, restored: restored?.lines }, 'REDIS CAME BACK EMPTY: queued jobs and schedules were lost; settings restored from DATA_DIR where a copy was kept');
      const since = dayTime(Date.parse(marker.previousCreatedAt), config.timezone);
      const text = texts.redisEmpty(since, restored?.found ? restored.lines : undefined);
      await tellAdmins({ producer, config, redis }, { purpose: 'redis-empty', id: marker.id, text, kind: 'alert', requestId: 'redis-empty', source: 'worker', now: now() });
    } else {
      log.info({ marker: marker.id, state: marker.state }, 'redis marker checked');
    }
    // The thresholds set from ⚙️ Settings (restored above when Redis came back empty).
    await deps.tuning.load();
    return marker;
  };
  await checkRedisMarker();
  // A first copy at every start (an installation from before the copy existed gets one now).
  await saveStateMirror({ redis, keys: hk, config, log, now });

  // Before anything writes a new sign of life (the process hash, a sample, a heartbeat), and
  // before the interrupted-job sweep: a power job cut short by its own reboot is not "interrupted".
  const bootTime = opts.bootTime ?? (() => readBootTime(deps.procRoot));
  await reportBoot(deps, bootTime()).catch((err: unknown) => log.error({ err }, 'could not check how the last run ended'));
  const unregister = await registerProcess(redis, 'worker', now, hk.proc('worker'));
  // What this host allows, for the bot's menus of this host (decision 053); again after a reconnect (an emptied Redis).
  const publishLists = () => publishHostLists(redis, config.hostId, { services: config.servicesWhitelist, containers: config.dockerWhitelist, publishedAt: now() });
  await publishLists();
  // A sign of life now, not one heartbeat interval (5 min by default) after the start: a host
  // back from a power cut is "terdengar lagi" on the main machine at its next check. The
  // scheduled health.heartbeat (last_ok file, healthcheck ping) follows at its interval.
  await redis.set(hk.heartbeat, String(now()));

  // Before any job runs: a backup mark left by a run that died blocks "Backup now" otherwise.
  const stale = await clearStaleRunning(redis, hk, snapshotsDir(config.backupDir)).catch((err: unknown) => {
    log.error({ err }, 'could not check the running-backup mark');
    return undefined;
  });
  if (stale) log.warn({ requestId: stale.requestId, trigger: stale.trigger }, 'cleared the running-backup mark of a run that died');

  const handlers = opts.handlers ?? createHandlers();
  // Results that could not be queued while Redis was away wait here (fsync'd) and go first.
  const outbox = new ResultOutbox({ dir: join(config.dataDir, 'outbox-kept'), producer, connection: producerConn, keys: hk, log });
  await outbox.flush().catch((err: unknown) => log.warn({ err }, 'kept messages not queued yet; retrying when Redis is ready'));
  outbox.start();
  const ledger = new JobLedger();
  const reporter = new InterruptedReporter(deps, handlers, audit, [producer.queue('once'), producer.queue('backup')], ledger, outbox);
  // One given connection for both QueueEvents: each blocks on its own duplicate, the given one only idles.
  const eventsConn = createRedis(opts.redisUrl, { role: 'worker', name: 'worker-events' });
  await reporter.start(() => eventsConn);
  const set = startWorkers(deps, handlers, audit, opts.redisUrl, undefined, { ledger, outbox });
  const followOpts = opts.securityFollow ?? (opts.schedules === false ? false : {});
  const follower = followOpts === false ? undefined : new SecurityFollower(deps, followOpts);
  if (follower) {
    deps.securityFollow = follower;
    follower.start();
  }
  // The follower reads the journal itself while a stream is down: no health.events job then.
  const runtime = { journalFollowed: follower !== undefined };
  if (opts.schedules !== false) {
    const backupTime = (await redis.hget(hk.settings, settingsFields.backupTime)) ?? undefined;
    const ids = await installSchedules(producer, config, now, backupTime ? { backupTime } : {}, runtime);
    log.info({ schedulers: ids }, 'job schedulers installed');
    const catchUp = await catchUpBackup(redis, hk, producer, config, now());
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
        await publishLists();
        return m;
      })
      .then(async (m) => {
        if (m.state !== 'lost' || opts.schedules === false) return;
        const backupTime = (await redis.hget(hk.settings, settingsFields.backupTime)) ?? undefined;
        log.warn({ schedulers: await installSchedules(producer, config, now, backupTime ? { backupTime } : {}, runtime) }, 'job schedulers installed again');
      })
      .catch((err: unknown) => log.error({ err }, 'could not check Redis after a reconnect'));
  };
  redis.on('ready', onReconnect);
  // A self-update restarted this worker (or it was started while one ran): tell its chat the outcome.
  followSelfUpdate(deps);
  log.info({ host: config.hostId, queues: set.workers.map((w) => w.name) }, 'worker ready');

  return {
    deps,
    stop: async () => {
      closing = true;
      redis.off('ready', onReconnect);
      await follower?.stop();
      await set.close();
      await outbox.close();
      // Only a stop through this code is clean; a power cut or kill -9 never gets here.
      await writeCleanShutdown(config.dataDir, now()).catch((err: unknown) => log.error({ err }, 'could not write the clean-shutdown marker'));
      // No job runs any more: the rest only tidies up in Redis, which may be gone (its
      // commands would wait for a reconnect forever), so it gets a bounded time.
      let timer: NodeJS.Timeout | undefined;
      const tidy = (async () => {
        await unregister();
        await reporter.close();
        await producer.close();
      })();
      const done = await Promise.race([tidy.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), REDIS_GONE_STOP_MS)))]);
      clearTimeout(timer);
      if (!done) log.warn({ waitedMs: REDIS_GONE_STOP_MS }, 'Redis did not answer while stopping: left the rest of the tidy-up');
      redis.disconnect();
      producerConn.disconnect();
    },
  };
}
