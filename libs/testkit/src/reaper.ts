/**
 * Processes a test started, killed when the test process exits however it exits. The runner
 * ends a file that overruns its time with --test-force-exit, which skips the `after` hooks
 * that would stop them: a worker, a bot and a redis-server were found still running half an
 * hour after such a run. An 'exit' handler runs synchronously, so it sends SIGKILL and no more.
 */
const live = new Map<number, () => boolean>();
let installed = false;

/** `alive` guards against a pid the system gave to another process since this one ended. */
export function reapOnExit(pid: number | undefined, alive: () => boolean = () => true): void {
  if (pid === undefined) return;
  live.set(pid, alive);
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
  });
}

/** The process ended on its own (or was stopped by the test): nothing to reap. */
export function reaped(pid: number | undefined): void {
  if (pid !== undefined) live.delete(pid);
}
