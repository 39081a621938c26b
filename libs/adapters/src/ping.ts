import { CommandError } from './command-error.js';
import type { Runner, RunOptions } from './runner.js';

export interface PingSummary {
  target: string;
  transmitted: number;
  received: number;
  lossPercent: number;
  /** Round-trip times in ms; undefined when no reply came back. */
  rtt: { min: number; avg: number; max: number; mdev: number } | undefined;
  /** ping's own complaint when it could not even send (unreachable network, unknown name). */
  error: string | undefined;
}

/**
 * Parses iputils ping (20240117, Ubuntu 24.04) output: the statistics block
 * `4 packets transmitted, 3 received, [+1 errors, ]25% packet loss, time 3004ms` and
 * `rtt min/avg/max/mdev = 11.812/12.300/13.104/0.498 ms` (absent at 100% loss).
 */
export function parsePing(stdout: string, stderr = '', target = ''): PingSummary {
  const head = /^PING (\S+)/m.exec(stdout);
  const stats = /(\d+) packets transmitted, (\d+) received,(?: \+\d+ errors,)?(?: \+\d+ duplicates,)? ([\d.]+)% packet loss/.exec(stdout);
  const rtt = /rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(stdout);
  const err = stderr.trim().split('\n').filter((l) => l.trim()).pop();
  return {
    target: head?.[1] ?? target,
    transmitted: stats ? Number(stats[1]) : 0,
    received: stats ? Number(stats[2]) : 0,
    lossPercent: stats ? Number(stats[3]) : 100,
    rtt: rtt ? { min: Number(rtt[1]), avg: Number(rtt[2]), max: Number(rtt[3]), mdev: Number(rtt[4]) } : undefined,
    error: stats ? undefined : err ?? 'ping printed no statistics',
  };
}

/**
 * `ping -c COUNT -W WAIT TARGET`. Exit 1 (no reply) and 2 (could not send) are results,
 * not failures: the summary says what happened. `target` must already be validated.
 */
export async function ping(run: Runner, target: string, count: number, waitSec: number, opts: RunOptions = {}): Promise<PingSummary> {
  try {
    const r = await run('ping', ['-c', String(count), '-W', String(waitSec), '--', target], {
      timeoutMs: (count * (waitSec + 1) + 5) * 1000,
      okExitCodes: [0, 1],
      ...opts,
    });
    return parsePing(r.stdout, r.stderr, target);
  } catch (err) {
    if (err instanceof CommandError && err.failure === 'exit' && err.exitCode === 2) return parsePing(err.stdout, err.stderrTail, target);
    throw err;
  }
}
