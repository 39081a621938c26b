import { TolerantWorker } from './tolerant-worker.js';

/**
 * The longest an idle worker blocks on Redis before it polls again (s). BullMQ caps a block
 * at 10 s; new jobs, retries and delayed jobs wake a worker at once through the queue's
 * marker, and a block never runs past the next delayed job's time, so a longer block costs
 * no latency: an idle host polls each queue 2 times a minute instead of 6 (docs/decisions/056).
 * What it does cost: a blocking connection that hangs after a reconnect (BullMQ's watchdog,
 * block + 1 s) is dropped after 31 s instead of 11 s.
 */
export const IDLE_BLOCK_SEC = 30;

/** The worker's BullMQ Worker: TolerantWorker (data that is not JSON) with the longer idle block. */
export class QuietWorker extends TolerantWorker {
  override get maximumBlockTimeout(): number {
    return IDLE_BLOCK_SEC;
  }
}
