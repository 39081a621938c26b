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
 * - `--optimize-for-size`: V8 favours memory over speed (-3 to -5 MB); the Status press
 *   latency did not change measurably (bench/src/bot-latency.ts, BOT_NODE_FLAGS to compare).
 * - `--max-old-space-size=96` (bot): a ceiling well above its use.
 * Not `--lite-mode` (-12 MB more for the bot): it turns WebAssembly off, which fetch's HTTP
 * parser (undici's llhttp) needs.
 * - `--interrupt-budget=4000000 --no-sparkplug` (worker): V8 compiles only code that stays hot
 *   for long (a chart, a backup's manifest), not every function an idle worker runs a few
 *   times a minute. Worker-only host at idle, side by side: RSS -10.6 MB (85.3 -> 74.7) and CPU
 *   0.17 -> 0.11 % of a core; a 24 h chart's render CPU stays within ~20 % (202 -> 239 ms).
 *   Not `--no-opt`: the same memory, but a chart takes 6.5x the CPU. Decision 024.
 * Measured with the modules loaded (RSS after GC): worker 96 MB without flags, ~86 MB with
 * the young generation only, ~70 MB with all of them; bot 72 -> 67 MB with --optimize-for-size.
 */
const SMALL = ['--max-semi-space-size=1', '--v8-pool-size=1', '--single-threaded-gc', '--optimize-for-size'];

export const NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  bot: [...SMALL, '--max-old-space-size=96'],
  worker: [...SMALL, '--interrupt-budget=4000000', '--no-sparkplug'],
  dashboard: SMALL,
};
