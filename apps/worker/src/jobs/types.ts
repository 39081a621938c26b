import type { JobData, JobMeta, JobResult, WorkerJobName, OutboxMessage, Text } from '@potion/jobs';
import type { Config } from '@potion/platform';
import type { Deps, JobContext } from '../runtime/context.js';

/** How a result reads in the chat: the summary for DONE_OK, and buttons under it. */
export interface Presentation {
  /** Plain text (escaped when sent) or markup built with `html` (@potion/jobs). */
  text: Text;
  buttons?: OutboxMessage['buttons'];
  /** Send the text as is, without the DONE_OK wrapper (e.g. long listings). */
  raw?: boolean;
  /** A file under DATA_DIR or LOG_DIR sent as a document with the text as its caption. */
  document?: OutboxMessage['document'];
  /** A PNG under DATA_DIR sent as a photo after the text (charts). */
  photo?: OutboxMessage['photo'];
  /** Deliver without a notification sound (e.g. a backup that went well). */
  silent?: boolean;
}

/**
 * What a presenter may look at besides the result and the payload: the settings the user's
 * texts depend on (TIMEZONE, mounts, the whitelist, ...). Not the job context: a presenter
 * runs nothing and reads no Redis (docs/decisions/029-present-receives-config.md).
 */
export interface PresentContext {
  config: Config;
}

/** What the user reads for a job's result (a family's present.ts). Pure: no I/O. */
export type Present<N extends WorkerJobName> = (result: JobResult<N>, data: JobData<N>, ctx: PresentContext) => Presentation;

export interface Handler<N extends WorkerJobName> {
  /** What the job does (a family's run.ts): returns the typed result, says nothing to the user. */
  run: (data: JobData<N>, ctx: JobContext) => Promise<JobResult<N>>;
  present: Present<N>;
  /** For the interrupted notice of must-not-repeat jobs: how the user can check the outcome. */
  howToCheck?: (data: JobData<N>) => Text;
  /**
   * The whole notice for a job whose worker died and that is not run again (instead of the
   * generic one with `howToCheck`): what state it left, what to do. May look at the disk and
   * clean up what the dead run left in Redis.
   */
  interrupted?: (data: JobData<N>, info: InterruptedInfo) => Promise<Text>;
}

export interface InterruptedInfo extends Deps {
  meta: JobMeta;
  jobId: string;
}

/** Every worker job has exactly one handler: a missing or unknown one fails to compile. */
export type Handlers = { [N in WorkerJobName]: Handler<N> };
