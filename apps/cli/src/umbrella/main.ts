// potion-runner.service: the unit the PRD's commands name (`systemctl status|restart
// potion-runner`, `journalctl -u potion-runner -f`). Worker, bot and dashboard stay separate
// units (each its own restart and watchdog) that are PartOf= this one; this process shows
// their states as the unit's status line and relays their journal into this unit's own.
// See docs/decisions/026.
// Subpaths, not the packages' index: this process runs all the time, and the whole of
// @potion/jobs and @potion/adapters (BullMQ, ioredis, systeminformation...) would double its memory.
import { createRunner, type Runner } from '@potion/adapters/runner';
import { parseShow, type UnitState } from '@potion/adapters/systemctl';
import type { JournalEntry } from '@potion/adapters/journal-json';
import { openSdNotify } from '@potion/platform/sd-notify';
import { APP_PROCESSES } from './lines.js';
import { relayJournal } from './relay.js';
import { statusText } from './status.js';

/** A slow refresh besides the one on each of systemd's messages about a process. */
const STATUS_EVERY_MS = 15_000;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readStates(run: Runner): Promise<UnitState[]> {
  const units = APP_PROCESSES.map((p) => p.unit);
  const args = ['show', '--no-pager', '-p', 'Id', '-p', 'LoadState', '-p', 'ActiveState', '-p', 'SubState', '-p', 'MainPID', '--', ...units];
  const r = await run('systemctl', args, { timeoutMs: 10_000 });
  return parseShow(r.stdout, units);
}

const notifier = openSdNotify({ onError: (err) => process.stderr.write(`<4>sd_notify failed: ${errorText(err)}\n`) });
const run = createRunner();
const stop = new AbortController();
let shown = '';
/** The main PIDs of the last read: a line from another process means one was (re)started. */
let knownPids = new Set<number>();
let refreshing: Promise<void> | undefined;
let again = false;

/** Reads the three states and updates STATUS=; one read at a time, one more if asked meanwhile. */
function refresh(): void {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = readStates(run)
    .then((states) => {
      knownPids = new Set(states.flatMap((s) => (s.mainPid ? [s.mainPid] : [])));
      const text = statusText(states);
      if (text !== shown) notifier?.notify({ STATUS: text });
      shown = text;
    })
    .catch((err: unknown) => {
      process.stderr.write(`<4>reading the states failed: ${errorText(err)}\n`);
    })
    .finally(() => {
      refreshing = undefined;
      if (again && !stop.signal.aborted) {
        again = false;
        refresh();
      }
    });
}

const sinceUs = Date.now() * 1000;
notifier?.notify({ READY: '1', STATUS: 'starting worker, bot and dashboard' });
const timer = setInterval(refresh, STATUS_EVERY_MS);
refresh();
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    notifier?.notify({ STOPPING: '1' });
    clearInterval(timer);
    stop.abort();
  });
}
await relayJournal({
  run,
  write: (text) => process.stdout.write(text),
  sinceUs,
  signal: stop.signal,
  onEntry: (entry: JournalEntry) => {
    // systemd's own messages (started, stopped, watchdog) mean a state changed; so does a line
    // from a process that is not a known main process (a new one).
    if (entry.pid === 1 || (entry.pid !== undefined && !knownPids.has(entry.pid))) refresh();
  },
  onError: (err) => process.stderr.write(`<4>following the journal: ${errorText(err)}\n`),
});
await refreshing;
notifier?.close();
// Nothing is left to do: end now rather than wait for a stray handle (and TimeoutStopSec's SIGKILL).
process.exit(0);
