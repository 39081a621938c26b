/**
 * V8 heap limits for the bot: a 1 MB young generation and a 96 MB old one keep it small on
 * an old laptop at no latency cost (bench/src/bot-latency.ts with BOT_NODE_OPTIONS: idle RSS
 * 85-89 -> 78-81 MB, after 220 Status presses 116-117 -> 86-89 MB, p95 latencies unchanged).
 */
export const NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  bot: ['--max-semi-space-size=1', '--max-old-space-size=96'],
  worker: ['--max-semi-space-size=1'],
  dashboard: ['--max-semi-space-size=1'],
};
