/**
 * Node and V8 flags per process, given before the script (`node <flags> main.js`): some are
 * V8 flags that NODE_OPTIONS does not accept, so a systemd unit must put them in ExecStart.
 * Decision: docs/decisions/024-idle-footprint.md.
 *
 * - `--max-semi-space-size=1`: a 1 MB young generation instead of up to 16 MB (-12 MB RSS
 *   for the worker, at no latency cost for the bot: idle RSS 85-89 -> 78-81 MB, after 220
 *   Status presses 116-117 -> 86-89 MB, p95 unchanged).
 * - `--v8-pool-size=1 --single-threaded-gc`: one V8 helper thread instead of one per core and
 *   no parallel GC helpers; the heaps are small, so GC pauses stay short (-8 MB).
 * - `--optimize-for-size` (worker, dashboard): V8 favours memory over speed (-3 MB); not for
 *   the bot, whose presses are timed.
 * - `--max-old-space-size=96` (bot): a ceiling well above its use.
 * Measured with the worker's modules loaded (RSS after GC): 96 MB without flags, ~86 MB with
 * the young generation only, ~70 MB with all of them.
 */
const SMALL = ['--max-semi-space-size=1', '--v8-pool-size=1', '--single-threaded-gc'];

export const NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  bot: [...SMALL, '--max-old-space-size=96'],
  worker: [...SMALL, '--optimize-for-size'],
  dashboard: [...SMALL, '--optimize-for-size'],
};
