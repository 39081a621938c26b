import type { Runner } from '@potion/adapters';
import type { HostKeys, HostSample, JobMeta, Producer } from '@potion/jobs';
import type { Config, Logger } from '@potion/platform';
import type { Redis } from 'ioredis';
import type { Tuning } from '../alerts/tuning.js';
import type { ProofGate } from './access.js';
import type { SecurityFollowView } from '../host/security-follow-view.js';

/** What every handler receives: injected, so tests pass stand-ins without mocking modules. */
export interface Deps {
  config: Config;
  log: Logger;
  runner: Runner;
  /** A worker-role connection for reading and writing the project's own keys. */
  redis: Redis;
  /** This host's own keys (hostKeys(config.hostId)): every key the worker writes is one of them. */
  keys: HostKeys;
  producer: Producer;
  /** Unix ms. Tests pass a fake clock. */
  now: () => number;
  /** Where the host's /proc lives (tests point it at samples). Default "/proc". */
  procRoot: string;
  /** Checks and consumes the proof a mutating job carries (the key and the used-proof record). */
  proofs: ProofGate;
  /** The alert thresholds and windows in force: the `.env` values with the ones set from ⚙️ Settings. */
  tuning: Tuning;
  /** Takes a host sample. Default: the real sampler; tests inject synthetic series. */
  sampler?: () => Promise<HostSample>;
  /** The journal follower of the security events, when one runs (the minute's read then skips its streams). */
  securityFollow?: SecurityFollowView;
}

export interface JobContext extends Deps {
  /** Aborted when the job times out or the worker shuts down: pass it to the runner. */
  signal: AbortSignal;
  /** Reports progress to the dashboard and, throttled, to the user's pending message. */
  progress: (percent: number, label: string) => Promise<void>;
  jobId: string;
  requestId: string;
  /** Who asked and where to answer (already validated). */
  meta: JobMeta;
  /** 1 for the first attempt. */
  attempt: number;
  /** True when this attempt is the last one BullMQ will make. */
  finalAttempt: boolean;
}
