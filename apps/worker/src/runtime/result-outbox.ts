import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { jobMeta, KEEP_FAILED, outboxMessage, QueueUnavailableError, type JobMeta, type HostKeys, type OutboxMessage, type Producer } from '@potion/jobs';
import { type Logger } from '@potion/platform';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** One message for the bot's outbox, with the deterministic id that makes its delivery happen once. */
export interface OutboxJob {
  payload: OutboxMessage;
  meta: JobMeta;
  /** `res.<queue>.<jobId>`, `prog3.<queue>.<jobId>`, ...: a second enqueue with it adds nothing. */
  jobId: string;
  /**
   * The outcome of the job this message tells, recorded (keys.jobOutcome) before a kept
   * message is queued: a worker killed while Redis was away left no record of it otherwise,
   * and the interrupted-job reporter would call the job interrupted.
   */
  settled?: { queue: string; jobId: string; outcome: 'ok' | 'failed' };
}

const keptFile = z.object({
  payload: outboxMessage,
  meta: jobMeta,
  jobId: z.string().regex(/^[A-Za-z0-9_.@-]{1,200}$/),
  settled: z.object({ queue: z.string().min(1).max(200), jobId: z.string().min(1).max(200), outcome: z.enum(['ok', 'failed']) }).optional(),
});

export interface ResultOutboxOptions {
  /** The folder for kept messages (DATA_DIR/outbox-kept). */
  dir: string;
  producer: Producer;
  /** The producer's connection: a kept message is delivered when it is ready again. */
  connection: Redis;
  /** This host's keys (the recorded outcome, hostKeys(id).jobOutcome). */
  keys: HostKeys;
  log: Logger;
  /** While messages are kept and Redis is still away, try again this often (ms). Default 1000. */
  retryMs?: number;
}

/**
 * The worker's way to put a final message into the outbox. When Redis is away (the producer
 * fails fast) the message is kept on disk, fsync'd, and queued when Redis is back, with the
 * same deterministic job id: a job whose result exists is not failed for want of a queue, a
 * worker killed meanwhile delivers it after its restart, and an enqueue that did reach Redis
 * before timing out is not doubled.
 */
export class ResultOutbox {
  readonly #log: Logger;
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<number> | undefined;
  #closed = false;
  readonly #onReady = () => this.#schedule(0);

  constructor(private readonly opts: ResultOutboxOptions) {
    this.#log = opts.log.child({ module: 'worker:result-outbox' });
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  }

  /** Delivers what a previous run kept and follows the connection. */
  start(): void {
    this.opts.connection.on('ready', this.#onReady);
    this.#schedule(0);
  }

  /** Queues the message, or keeps it on disk when Redis is away. Throws only if neither works. */
  async send(job: OutboxJob): Promise<'queued' | 'kept'> {
    try {
      await this.opts.producer.enqueue('notify.send', job.payload, job.meta, { jobId: job.jobId });
      return 'queued';
    } catch (err) {
      if (!(err instanceof QueueUnavailableError)) throw err;
      this.#keep(job);
      this.#log.warn({ jobId: job.jobId, requestId: job.meta.requestId, err: err.message }, 'Redis is away: message kept on disk, delivered when Redis is back');
      this.#schedule(this.opts.retryMs ?? 1000);
      return 'kept';
    }
  }

  /** True while a message with this outbox job id waits on disk. */
  has(jobId: string): boolean {
    return this.#files().some((f) => f.endsWith(`~${jobId}.json`));
  }

  /** Queues every kept message, oldest first; stops at the first that Redis does not take. */
  async flush(): Promise<number> {
    this.#flushing ??= this.#flushOnce().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.opts.connection.off('ready', this.#onReady);
    await this.#flushing?.catch(() => undefined);
  }

  async #flushOnce(): Promise<number> {
    let n = 0;
    for (const name of this.#files()) {
      const path = join(this.opts.dir, name);
      let job: OutboxJob;
      try {
        job = keptFile.parse(JSON.parse(readFileSync(path, 'utf8')));
      } catch (err) {
        // A torn or hand-edited file: set aside, never retried forever.
        this.#log.error({ file: path, err: (err as Error).message }, 'kept message is unreadable; moved aside');
        renameSync(path, `${path}.bad`);
        continue;
      }
      // QueueUnavailableError: still away; the next 'ready' or retry takes it.
      if (job.settled) await this.#record(job.settled);
      await this.opts.producer.enqueue('notify.send', job.payload, job.meta, { jobId: job.jobId });
      unlinkSync(path);
      n += 1;
      this.#log.info({ jobId: job.jobId, requestId: job.meta.requestId }, 'kept message queued');
    }
    return n;
  }

  async #record(s: NonNullable<OutboxJob['settled']>): Promise<void> {
    if (this.opts.connection.status !== 'ready') throw new QueueUnavailableError(`Redis is not connected (status ${this.opts.connection.status})`);
    await this.opts.connection.set(this.opts.keys.jobOutcome(s.queue, s.jobId), s.outcome, 'EX', KEEP_FAILED.age);
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.#files().length === 0) return;
      this.flush().catch((err: unknown) => {
        if (!(err instanceof QueueUnavailableError)) this.#log.error({ err }, 'could not queue a kept message');
        this.#schedule(this.opts.retryMs ?? 1000);
      });
    }, ms);
    this.#timer.unref();
  }

  #files(): string[] {
    try {
      return readdirSync(this.opts.dir)
        .filter((f) => f.endsWith('.json'))
        .sort();
    } catch {
      return [];
    }
  }

  /** Written to a temporary name, fsync'd, renamed, and the folder fsync'd: a power cut leaves all or nothing. */
  #keep(job: OutboxJob): void {
    this.#seq += 1;
    const name = `${String(Date.now()).padStart(15, '0')}-${String(this.#seq).padStart(6, '0')}~${job.jobId}.json`;
    const tmp = join(this.opts.dir, `.${name}.tmp`);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(job));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.opts.dir, name));
    const dirFd = openSync(this.opts.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
