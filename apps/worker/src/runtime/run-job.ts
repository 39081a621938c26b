import type { JobMeta, JobName, WorkerJobName } from '@potion/jobs';
import type { AuditLog } from '@potion/platform';
import { JobPayloadError, jobMeta, jobs, KEEP_FAILED, parseEnvelope, html, payloadErrorText, QueueUnavailableError, texts } from '@potion/jobs';
import { who } from '@potion/platform';
import { UnrecoverableError, type Job } from 'bullmq';
import { checkAccess, checkProof, checkQueue, refusalRequestId } from './access.js';
import type { Deps } from './context.js';
import type { Handler, Handlers } from '../jobs/types.js';
import { JobLedger } from './job-ledger.js';
import { AccessDeniedError, UserFacingError } from './errors.js';
import { JobDeadline } from './deadline.js';
import { runContexts } from './run-context.js';
import { progressBar, userErrorText, userErrorMarkup } from './outcome.js';
import { chatOutboxJob, notifyChat, type ChatMessage } from './outbox.js';
import type { OutboxJob, ResultOutbox } from './result-outbox.js';
import { isPermanent } from './retry-policy.js';
import { UNPARSEABLE_DATA } from './tolerant-worker.js';

export interface ProcessorOptions {
  /** Shared with the interrupted-job reporter. Default: one of its own. */
  ledger?: JobLedger;
  /** Keeps a final message on disk while Redis is away. Default: none (the enqueue may throw). */
  outbox?: ResultOutbox;
}

/** At most one progress edit of the user's message per this many ms (Telegram limits). */
export const PROGRESS_EDIT_INTERVAL_MS = 3000;

function outboxId(job: Job, suffix: string): string {
  return `${suffix}.${job.queueName}.${job.id ?? 'x'}`;
}

/**
 * The one wrapper every job runs through: validate the payload again, re-check permissions
 * and the service whitelist, write the audit line, run the handler with a timeout and
 * progress, and on the final outcome put a message for the chat into the outbox.
 */
export function createProcessor(deps: Deps, handlers: Handlers, audit: AuditLog, opts: ProcessorOptions = {}) {
  const log = deps.log.child({ module: 'worker:run-job' });
  const ledger = opts.ledger ?? new JobLedger();
  const makeContext = runContexts(deps);
  /**
   * A mutating job's outcome, remembered in Redis before the job completes, for the
   * interrupted-job reporter of a later run (waits while Redis is away). This process's
   * reporter already has it from the ledger.
   */
  const settle = async (job: Job, outcome: 'ok' | 'failed'): Promise<void> => {
    await deps.redis.set(deps.keys.jobOutcome(job.queueName, job.id ?? 'x'), outcome, 'EX', KEEP_FAILED.age);
  };
  /** The final message of a job: queued, or kept on disk until Redis is back. */
  const tell = async (meta: JobMeta, msg: ChatMessage, outboxJobId: string, settled?: OutboxJob['settled']): Promise<void> => {
    const found = chatOutboxJob({ meta, msg, jobId: outboxJobId, now: deps.now() });
    if (!found) return;
    const out: OutboxJob = settled ? { ...found, settled } : found;
    if (opts.outbox) await opts.outbox.send(out);
    else await deps.producer.enqueue('notify.send', out.payload, out.meta, { jobId: out.jobId });
  };

  return async function process(job: Job): Promise<unknown> {
    const done = ledger.ended(job);
    if (done) {
      log.warn({ jobId: job.id, queue: job.queueName, ok: done.ok }, 'job came back after its run ended here (its lock was lost while Redis was away); not running it again');
      if (!done.ok) throw new UnrecoverableError(done.error);
      return done.result;
    }
    let parsed: ReturnType<typeof parseEnvelope>;
    try {
      parsed = parseEnvelope(job.name, job.data);
    } catch (err) {
      const unparseable = (job.data as Record<string, unknown> | undefined)?.[UNPARSEABLE_DATA];
      const message = typeof unparseable === 'string' ? unparseable : (err as Error).message;
      ledger.finish(job, 'refused');
      log.warn({ jobId: job.id, queue: job.queueName, jobName: String(job.name).slice(0, 100), err: message }, 'refused a malformed job');
      const meta = jobMeta.safeParse((job.data as { meta?: unknown } | undefined)?.meta);
      audit.write({
        // Without a valid meta the job names the request: unique per queue (ids repeat across queues).
        requestId: meta.success ? meta.data.requestId : `job-${job.queueName}.${job.id ?? 'x'}`,
        who: meta.success ? who(meta.data.by) : 'unknown',
        action: String(job.name).slice(0, 100),
        outcome: 'refused',
        error: message.slice(0, 1000),
      });
      // The payload is hostile or broken but the chat is known: say why, without echoing it.
      if (meta.success && err instanceof JobPayloadError) {
        await tell(meta.data, { text: payloadErrorText(err), kind: 'result' }, outboxId(job, 'res'));
      }
      throw new UnrecoverableError(message);
    }
    const { name, envelope } = parsed;
    const { payload, meta } = envelope;
    if (name === 'notify.send') throw new UnrecoverableError('notify.send belongs to the bot, not the worker');
    const workerName = name as WorkerJobName;
    const def = jobs[name as JobName];
    const handler = handlers[workerName] as unknown as Handler<WorkerJobName>;
    const audited = def.mutates || meta.by.kind === 'telegram';
    // Made only when something is logged: most jobs (samples every 30 s) log nothing.
    const jlog = () => log.child({ jobId: job.id, job: name, requestId: meta.requestId });
    const now = deps.now;

    // The queue first (a wrong one would retry or re-run the job), then who asks, then, for a
    // job that changes the host, the proof that an admin confirmed it (consumed here).
    let access = checkQueue(def, job.queueName, meta, deps.config);
    if (access.ok) access = checkAccess(def, payload, meta, deps.config);
    if (access.ok && def.mutates) access = checkProof(deps.proofs, name, payload, meta, deps.config, now());
    if (!access.ok) {
      const requestId = refusalRequestId(access, meta, job);
      const actor = who(meta.by);
      jlog().warn({ who: actor, reason: access.reason, requestId }, 'refused a job');
      audit.write({ requestId, who: actor, action: name, outcome: 'refused', detail: { payload }, error: access.reason });
      ledger.finish(job, 'refused');
      const userText = access.untrusted ? texts.unproven(requestId) : access.userText;
      await tell({ ...meta, requestId }, { text: userText, kind: 'result' }, outboxId(job, 'res'));
      throw new UnrecoverableError(`refused: ${access.reason}`);
    }

    if (def.mutates) audit.write({ requestId: meta.requestId, who: who(meta.by), action: name, outcome: 'started', detail: { payload, jobId: job.id } });
    const jobId = job.id ?? 'x';
    // Only jobs that change the host: a read job whose lock ran out simply runs again.
    if (def.mutates) ledger.begin(job);
    const deadline = new JobDeadline(def.timeoutMs);
    let lastProgressEdit = 0;
    let progressSeq = 0;
    const ctx = makeContext(deadline, {
      jobId: job.id ?? '',
      requestId: meta.requestId,
      meta,
      attempt: job.attemptsMade + 1,
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      progress: async (percent, label) => {
        // Not awaited: while Redis is away the job goes on (its result is kept, see ResultOutbox)
        // instead of hanging on a progress report; the connection keeps the reports in order.
        job.updateProgress({ percent, label }).catch((err: unknown) => jlog().debug({ err }, 'progress not recorded'));
        const t = now();
        if (meta.chatId === undefined || t - lastProgressEdit < PROGRESS_EDIT_INTERVAL_MS) return;
        lastProgressEdit = t;
        progressSeq += 1;
        await notifyChat(deps.producer, {
          meta,
          msg: { text: `${texts.PROCESSING}\n${progressBar(percent)} ${label}`, kind: 'progress', silent: true },
          jobId: outboxId(job, `prog${progressSeq}`),
          now: t,
        }).catch((err: unknown) => {
          // A progress edit is worth nothing later: while Redis is away it is skipped, and the job goes on.
          if (!(err instanceof QueueUnavailableError)) throw err;
        });
      },
    });
    const started = now();
    let result: unknown;
    try {
      // Not parsed again with the registry's result schema: the handler is this worker's own
      // typed code, and what it builds on is validated where it comes in (tool output in the
      // adapters, Redis and file reads where they are read); whoever reads the stored result
      // back from Redis validates it there (the dashboard). See docs/decisions/024.
      result = await deadline.race(handler.run(payload as never, ctx));
    } catch (err) {
      const permanent = isPermanent(err);
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      jlog()[final ? 'error' : 'warn']({ err, attempt: job.attemptsMade + 1, final }, final ? 'job failed' : 'job failed, will retry');
      if (final) {
        ledger.finish(job, 'failed', { ok: false, error: (err as Error).message ?? String(err) });
        if (audited) audit.write({ requestId: meta.requestId, who: who(meta.by), action: name, outcome: 'failed', error: (err as Error).message?.slice(0, 1000) });
        const retry = !(err instanceof UserFacingError) || err.retryLater;
        const text = err instanceof AccessDeniedError ? err.userText : html`${texts.DONE_FAIL(userErrorMarkup(err), retry)} ${texts.requestCode(meta.requestId)}`;
        await tell(meta, { text, kind: 'result' }, outboxId(job, 'res'), def.mutates ? { queue: job.queueName, jobId, outcome: 'failed' } : undefined);
        if (def.mutates) await settle(job, 'failed');
      } else if (def.mutates) ledger.finish(job, 'failed');
      if (permanent) throw new UnrecoverableError((err as Error).message ?? String(err));
      throw err;
    } finally {
      deadline.clear();
    }
    // The outcome is decided and recorded once: a failure to tell it from here on is not a
    // second outcome (the message is kept on disk while Redis is away).
    if (audited) audit.write({ requestId: meta.requestId, who: who(meta.by), action: name, outcome: 'ok', detail: { ms: Math.round(now() - started) } });
    // Remembered before it is told: a job that comes back after its lock was lost gets this result.
    ledger.finish(job, 'ok', { ok: true, result });
    // Wording a result costs (formatting, Intl): only when someone will read it.
    if (meta.chatId !== undefined) {
      const shown = handler.present(result as never, payload as never, { config: deps.tuning.current() });
      await tell(
        meta,
        {
          text: shown.raw ? shown.text : texts.DONE_OK(shown.text),
          kind: 'result',
          ...(shown.buttons ? { buttons: shown.buttons } : {}),
          ...(shown.document ? { document: shown.document } : {}),
          ...(shown.photo ? { photo: shown.photo } : {}),
          ...(shown.silent ? { silent: true } : {}),
        },
        outboxId(job, 'res'),
        def.mutates ? { queue: job.queueName, jobId, outcome: 'ok' } : undefined,
      );
    }
    // The read path (samples every 30 s, the bench) adds nothing here.
    if (def.mutates) await settle(job, 'ok');
    if (log.isLevelEnabled('debug')) jlog().debug({ ms: now() - started }, 'job done');
    return result;
  };
}
