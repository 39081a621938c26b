import type { Runner } from '@potion/adapters';
import type { Estimate } from './estimate.js';
import type { SnapshotSummary } from './manifest.js';
import type { ResolvedSources } from './sources.js';

export type Trigger = 'manual' | 'scheduled' | 'catch-up' | 'safety';

export interface SnapshotOptions {
  backupDir: string;
  hddMount: string;
  /** Default /proc/self/mountinfo. */
  mountinfoPath: string;
  /** Snapshot names use the local date here. */
  timeZone: string;
  sources: ResolvedSources;
  trigger: Trigger;
  /** Recorded in the summary (which request made the snapshot). */
  requestId?: string;
  runner: Runner;
  now: () => number;
  signal?: AbortSignal;
  /** 0-100 and a short Indonesian label; called at most about once a second. */
  onProgress?: (percent: number, label: string) => void | Promise<void>;
  /** More rsync options for every copy run, e.g. `--bwlimit` (the benchmark's HDD-speed model). */
  rsyncArgs?: readonly string[];
  /** BACKUP_SQLITE: live SQLite databases dumped into the snapshot's dumps/ first. */
  sqlite?: readonly string[];
  /** BACKUP_PG: PostgreSQL databases dumped with pg_dump into dumps/ first. */
  pg?: readonly string[];
  /** How long a dump waits for a database another program keeps locked. Default 60 s. */
  dumpBusyMs?: number;
  /** Skip the free-space estimate before writing (tests of a disk that fills up mid-run). */
  skipSpaceCheck?: boolean;
}

export interface SnapshotOutcome {
  name: string;
  path: string;
  summary: SnapshotSummary;
  resumed: boolean;
  hdd: { freeBytes: number; sizeBytes: number };
  /** Undefined when the disk was roomy enough to skip sizing the delta. */
  estimate: Estimate | undefined;
  /** Where the entries of the manifest came from: rsync's itemized list, or a walk of the copy. */
  listedBy: 'rsync' | 'walk';
  /** Where the time went, in ms (benchmark and logs). */
  timings: { prepare: number; estimate: number; rsync: number; walk: number; hash: number; write: number; sync: number };
  /** CPU time of this process in each phase, in ms (user + system; rsync's own time is not in it). */
  cpuTimings: SnapshotOutcome['timings'];
}

/** Where the time of one snapshot went, in ms. */
export type SnapshotTimings = SnapshotOutcome['timings'];
