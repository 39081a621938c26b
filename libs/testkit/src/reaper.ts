/**
 * Processes a test started, killed when the test process exits however it exits. The runner
 * ends a file that overruns its time with --test-force-exit, which skips the `after` hooks
 * that would stop them: a worker, a bot and a redis-server were found still running half an
 * hour after such a run. An 'exit' handler runs synchronously, so it sends SIGKILL and no more.
 */
const live = new Map<number, () => boolean>();
/** Synchronous clean-ups run after the processes are killed (e.g. network namespaces). */
const cleanups = new Set<() => void>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const [p, alive] of live) {
      if (!alive()) continue;
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // the next clean-up still runs
      }
    }
  });
}

/** `alive` guards against a pid the system gave to another process since this one ended. */
export function reapOnExit(pid: number | undefined, alive: () => boolean = () => true): void {
  if (pid === undefined) return;
  live.set(pid, alive);
  install();
}

/**
 * Runs `cleanup` (synchronous, e.g. spawnSync) when the test process exits, after the reaped
 * processes are killed. Returns a function that unregisters it (the test cleaned up itself).
 */
export function cleanupOnExit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  install();
  return () => cleanups.delete(cleanup);
}

/** The process ended on its own (or was stopped by the test): nothing to reap. */
export function reaped(pid: number | undefined): void {
  if (pid !== undefined) live.delete(pid);
}
