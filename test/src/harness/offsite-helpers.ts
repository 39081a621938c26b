import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunner } from '@potion/adapters';
import { jobs, type JobMeta, type JobName, type JobData, type OutboxMessage } from '@potion/jobs';
import { createLogger, type Config } from '@potion/platform';
import { createBackupSandbox, startTestRedis, testConfig, waitFor, type BackupSandbox, type TestRedis } from '@potion/testkit';
import { startWorkerApp, type WorkerApp } from '@potion/worker';

export const ADMIN = 1001;

/** A real worker with real Redis over a backup sandbox, with OFFSITE_* from `env`. */
export interface OffsiteStack {
  redis: TestRedis;
  sb: BackupSandbox;
  app: WorkerApp;
  config: Config;
  /** Enqueues a job as the admin (or the scheduler when chatId is undefined); resolves with its id. */
  enqueue: <N extends JobName>(name: N, payload: JobData<N>, chatId?: number) => Promise<string>;
  /** Waits for the job's final state. */
  settled: (name: JobName, id: string, timeoutMs?: number) => Promise<string>;
  /** Every outbox message so far. */
  outbox: () => Promise<OutboxMessage[]>;
  /** The result message for the admin's chat matching `re`. */
  resultFor: (re: RegExp, timeoutMs?: number) => Promise<OutboxMessage>;
  stop: () => Promise<void>;
}

let seq = 0;

/** `logDir`: runtime.log at debug level there (to check what reaches the log). */
export async function startOffsiteStack(env: Record<string, string>, opts: { schedules?: boolean; logDir?: string } = {}): Promise<OffsiteStack> {
  const redis = await startTestRedis();
  const sb = createBackupSandbox();
  const procRoot = join(sb.root, 'proc');
  mkdirSync(join(procRoot, 'self'), { recursive: true });
  copyFileSync(sb.mountinfo, join(procRoot, 'self', 'mountinfo'));
  const config = testConfig({ HDD_MOUNT: sb.hdd, BACKUP_DIR: sb.backupDir, BACKUP_SOURCES: sb.src, ADMIN_IDS: String(ADMIN), REDIS_URL: redis.url, BACKUP_RESTORE_TEST_FILES: '0', ...env });
  const log = createLogger({ name: 'worker', logDir: opts.logDir, level: opts.logDir ? 'debug' : 'warn', stdout: false });
  const app = await startWorkerApp({
    config,
    log,
    redisUrl: redis.url,
    // As the worker's own: every command line at debug level.
    runner: createRunner({ onRun: (r) => log.debug({ module: 'adapters:runner', ...r }, 'command ran') }),
    procRoot,
    ...(opts.schedules === false ? { schedules: false } : {}),
  });
  const meta = (chatId: number | undefined): JobMeta => {
    seq += 1;
    return chatId === undefined
      ? { requestId: `sched-${seq}`, by: { kind: 'scheduler', name: 'offsite.weekly' }, enqueuedAt: Date.now() }
      : { requestId: `req-${seq}`, by: { kind: 'telegram', userId: chatId }, chatId, enqueuedAt: Date.now() };
  };
  const outbox = async () => {
    const list = await app.deps.producer.queue('notify').getJobs(['waiting', 'prioritized', 'delayed', 'completed', 'active']);
    return list.map((j) => (j.data as { payload: OutboxMessage }).payload);
  };
  return {
    redis,
    sb,
    app,
    config,
    enqueue: (name, payload, chatId: number | undefined = ADMIN) => app.deps.producer.enqueue(name, payload, meta(chatId)),
    settled: (name, id, timeoutMs = 60_000) =>
      waitFor(`${name} ${id} to settle`, async () => {
        const s = await app.deps.producer.queue(jobs[name].queue).getJobState(id);
        return s === 'completed' || s === 'failed' ? s : undefined;
      }, timeoutMs),
    outbox,
    resultFor: (re, timeoutMs = 10_000) => waitFor(`a result matching ${re}`, async () => (await outbox()).find((m) => m.chatId === ADMIN && m.kind === 'result' && re.test(m.text)), timeoutMs),
    stop: async () => {
      await app.stop();
      await redis.stop();
      sb.cleanup();
    },
  };
}

/** An `rclone serve sftp` on 127.0.0.1 serving `dir` (user u, password p); `port` 0 picks a free one. */
export async function serveSftp(dir: string, cacheDir: string, port = 0): Promise<{ port: number; proc: ChildProcess; kill: () => Promise<void> }> {
  const proc = spawn('rclone', ['serve', 'sftp', dir, '--addr', `127.0.0.1:${port}`, '--user', 'u', '--pass', 'p', '--cache-dir', cacheDir, '--config', '/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const listening = new Promise<number>((resolve, reject) => {
    proc.stderr?.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /SFTP server listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (code) => reject(new Error(`rclone serve sftp exited (${code}): ${err}`)));
  });
  const bound = await listening;
  return {
    port: bound,
    proc,
    kill: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

/** An rclone.conf with a local-path remote `loc`, and `sf` (sftp) plus `sfcrypt` (crypt over it) when a port is given. */
export function writeRcloneConf(path: string, o: { sftpPort?: number; sftpPass?: string } = {}): void {
  const obscure = (s: string) => execFileSync('rclone', ['obscure', s], { encoding: 'utf8' }).trim();
  const lines = ['[loc]', 'type = local', ''];
  if (o.sftpPort !== undefined) {
    lines.push('[sf]', 'type = sftp', 'host = 127.0.0.1', `port = ${o.sftpPort}`, 'user = u', `pass = ${obscure(o.sftpPass ?? 'p')}`, '');
    lines.push('[sfcrypt]', 'type = crypt', 'remote = sf:enc', `password = ${obscure('crypt-secret-pw')}`, '');
  }
  writeFileSync(path, lines.join('\n'));
}
