import { CommandError } from './command-error.js';
import type { Runner, RunOptions } from './runner.js';

export interface DmesgLine {
  /** "Wed Nov 25 09:58:01 2026" as `dmesg -T` prints it, or '' when absent. */
  time: string;
  message: string;
  raw: string;
}

/** Parses `dmesg -T` output: `[Wed Nov 25 09:58:01 2026] EXT4-fs (sdb1): mounted filesystem ...`. */
export function parseDmesg(stdout: string): DmesgLine[] {
  const out: DmesgLine[] = [];
  for (const raw of stdout.split('\n')) {
    if (!raw.trim()) continue;
    const m = /^\[([^\]]*)\]\s?(.*)$/.exec(raw);
    out.push(m ? { time: m[1]!.trim(), message: m[2] ?? '', raw } : { time: '', message: raw, raw });
  }
  return out;
}

/** dmesg refused because kernel.dmesg_restrict=1 (the Ubuntu 24.04 default). */
export function dmesgRestricted(err: unknown): boolean {
  return err instanceof CommandError && err.command === 'dmesg' && /operation not permitted/i.test(err.stderrTail);
}

/**
 * The kernel ring buffer. Ubuntu 24.04 restricts dmesg to root, so a refused plain `dmesg`
 * is retried through `sudo -n dmesg -T` (a missing sudoers rule fails at once, no prompt).
 */
export async function readDmesg(run: Runner, opts: RunOptions = {}): Promise<DmesgLine[]> {
  const args = ['-T'];
  try {
    const r = await run('dmesg', args, { timeoutMs: 15_000, ...opts });
    return parseDmesg(r.stdout);
  } catch (err) {
    if (!dmesgRestricted(err)) throw err;
    const r = await run('sudo', ['-n', 'dmesg', ...args], { timeoutMs: 15_000, ...opts });
    return parseDmesg(r.stdout);
  }
}
