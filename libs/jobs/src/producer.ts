import type { FlowProducer, JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseMeta, parsePayload, type Envelope } from './envelope.js';
import type { JobSigner } from './job-proof.js';
import type { JobMeta } from './meta.js';
import { BULLMQ_PREFIX, defaultJobOptions, openFlowProducer, openQueue, queueName } from './queues.js';
import type { QueueKind } from './registry/define.js';
import { jobs, type JobData, type JobName } from './registry/index.js';

export interface EnqueueOptions {
  /**
   * A deterministic id (e.g. from a Telegram update id): a second enqueue with the same id
   * while the first job exists adds nothing. Must not contain ":".
   */
  jobId?: string;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
  /**
   * Mutating jobs: when the action was authorized (Unix ms): the bot passes the moment the
   * admin confirmed, the worker the moment it decided on its own system job. With a signer,
   * the job then carries a proof (meta.proof); without one the worker refuses the job.
   */
  authorizedAt?: number;
  /** The host whose queue gets the job (issue 18); default the producer's own `hostId`. */
  host?: string;
}

/** One job for `Producer.enqueueTogether`. */
export interface EnqueueItem<N extends JobName = JobName> {
  name: N;
  payload: JobData<N>;
  meta: JobMeta;
  opts?: EnqueueOptions;
}

/** Redis is down or did not answer in time: nothing was queued; tell the user (texts.queueDown). */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

/** How long an enqueue may take before the user is told the queue is down. */
export const ENQUEUE_TIMEOUT_MS = 5000;

export interface ProducerOptions {
  /** A producer connection (createRedis with role 'producer'). Not closed by the producer. */
  connection: Redis;
  hostId: string;
  /** Connection errors of the queues (Redis down); the failing enqueue rejects too. */
  onError?: (err: Error) => void;
  /**
   * Signs mutating jobs enqueued with `authorizedAt` (see job-proof.ts). A function is asked
   * at each such enqueue (the bot's key file may appear after the bot started), with the host
   * the job goes to (each host may have its own key). Default: none.
   */
  signer?: JobSigner | ((hostId: string) => JobSigner | undefined);
}

/**
 * Typed entry to the queues: `enqueue(name, payload, meta)` checks the payload against the
 * registry at compile time and again at run time, and puts the job on the queue its
 * delivery promise needs.
 */
export class Producer {
  readonly #queues = new Map<string, Queue>();
  #flows: FlowProducer | undefined;
  constructor(private readonly opts: ProducerOptions) {}

  /** The queue of `kind` on `host` (default this producer's own host). */
  queue(kind: QueueKind, host: string = this.opts.hostId): Queue {
    const name = queueName(kind, host);
    let q = this.#queues.get(name);
    if (!q) {
      q = openQueue(name, { connection: this.opts.connection, onError: (err) => this.opts.onError?.(err) });
      this.#queues.set(name, q);
    }
    return q;
  }

  /** Returns the id of the job (the existing one when jobId was already used). */
  async enqueue<N extends JobName>(name: N, payload: JobData<N>, meta: JobMeta, opts: EnqueueOptions = {}): Promise<string> {
    const job = this.#prepare({ name, payload, meta, opts });
    const added = await this.#confirmed(name, () => this.queue(job.kind, job.host).add(name, job.data, job.opts));
    if (added.id === undefined) throw new Error(`BullMQ returned no id for job ${name}`);
    return added.id;
  }

  /**
   * Several jobs in one Redis transaction (MULTI/EXEC), in one round trip: Redis adds all of
   * them at once, in this order, and a consumer sees none of them before the last is queued
   * (the bot's pending message and the job that edits it: the user is told nothing before the
   * job is queued). Validated like `enqueue`; rejects like it when Redis is down (nothing was
   * queued). Returns each job's id in order, `undefined` for one Redis refused on its own.
   */
  async enqueueTogether(items: ReadonlyArray<EnqueueItem>): Promise<Array<string | undefined>> {
    const prepared = items.map((item) => this.#prepare(item));
    const names = items.map((i) => i.name).join(', ');
    const flows = (this.#flows ??= openFlowProducer({ connection: this.opts.connection, onError: (err) => this.opts.onError?.(err) }));
    const trees = await this.#confirmed(
      names,
      () => flows.addBulk(prepared.map((p) => ({ name: p.name, queueName: queueName(p.kind, p.host), prefix: BULLMQ_PREFIX, data: p.data, opts: p.opts }))),
    );
    // addBulk resolves to nothing once the producer is closing: nothing was queued.
    return prepared.map((_, i) => trees?.[i]?.job.id);
  }

  /** Validates, signs a mutating job, and builds what BullMQ adds. */
  #prepare<N extends JobName>({ name, payload, meta, opts = {} }: EnqueueItem<N>): { name: N; kind: QueueKind; host: string; data: Envelope<N>; opts: JobsOptions } {
    const def = jobs[name];
    const envelope: Envelope<N> = { payload: parsePayload(name, payload), meta: parseMeta(name, meta) };
    const host = opts.host ?? this.opts.hostId;
    if (def.mutates && opts.authorizedAt !== undefined) {
      const signer = typeof this.opts.signer === 'function' ? this.opts.signer(host) : this.opts.signer;
      const { proof: _unsigned, enqueuedAt: _at, ...subject } = envelope.meta;
      if (signer) envelope.meta = { ...envelope.meta, proof: signer.sign({ hostId: host, name, payload: envelope.payload, meta: subject, at: opts.authorizedAt }) };
    }
    if (opts.jobId !== undefined && !/^[A-Za-z0-9_.@-]{1,200}$/.test(opts.jobId)) {
      throw new Error(`job id "${opts.jobId}" must be 1-200 letters, digits or "_.@-"`);
    }
    const jobOpts: JobsOptions = {
      ...defaultJobOptions(def.queue, def.attempts, 'backoffMs' in def ? def.backoffMs : undefined),
      ...(opts.jobId !== undefined ? { jobId: opts.jobId } : {}),
      ...(opts.delayMs ? { delay: opts.delayMs } : {}),
    };
    return { name, kind: def.queue, host, data: envelope, opts: jobOpts };
  }

  /**
   * Starts a write only while Redis is connected (BullMQ waits for a reconnecting client; a
   * user pressing a button must not) and waits at most ENQUEUE_TIMEOUT_MS for Redis to confirm
   * it; Redis away is a QueueUnavailableError.
   */
  async #confirmed<T>(what: string, write: () => Promise<T>): Promise<T> {
    if (this.opts.connection.status !== 'ready') {
      throw new QueueUnavailableError(`Redis is not connected (status ${this.opts.connection.status}); job ${what} was not queued`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueueUnavailableError(`Redis did not confirm job ${what} within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([write(), timeout]);
    } catch (err) {
      // Redis went away between the status check and the write: the same answer for the user.
      if (err instanceof QueueUnavailableError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      if (this.opts.connection.status !== 'ready' || /connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|writeable|max retries/i.test(msg)) {
        throw new QueueUnavailableError(`Redis is not reachable (${msg}); job ${what} was not queued`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#queues.values(), ...(this.#flows ? [this.#flows] : [])].map((q) => q.close()));
    this.#flows = undefined;
    this.#queues.clear();
  }
}
