// The PRD's day-to-day commands (section 15) as a user types them, on the installed system:
// `systemctl status potion-runner`, `systemctl restart potion-runner`,
// `journalctl -u potion-runner -f` (issue 17, point 1).
import { waitFor } from '@potion/testkit';
import type { Container } from './container.js';
import { APP_UNITS, type InstalledSystem } from './installed.js';

/** The short names the umbrella unit shows for each process, in APP_UNITS order. */
export const APP_NAMES = APP_UNITS.map((u) => u.replace(/^potion-runner-/, '').replace(/\.service$/, ''));
export const UMBRELLA = 'potion-runner.service';

/**
 * Waits until `systemctl status potion-runner`, typed as is, answers 0 and names each
 * process as active (running) with its current main PID; returns what it printed.
 */
export async function statusShowsAll(c: Container, sys: InstalledSystem, timeoutMs = 45_000): Promise<string> {
  let last = '';
  return waitFor('systemctl status potion-runner to show worker, bot and dashboard running with their PIDs', () => {
    const r = c.exec('systemctl', ['status', 'potion-runner']);
    last = r.all;
    if (r.code !== 0) return undefined;
    const pids = APP_UNITS.map((u) => sys.mainPid(u));
    return APP_NAMES.every((name, i) => new RegExp(`\\b${name}: active \\(running\\) PID ${pids[i]}\\b`).test(r.stdout)) ? r.stdout : undefined;
  }, timeoutMs, 500).catch((err: unknown) => {
    throw new Error(`${String(err)}\nlast answer:\n${last}`);
  });
}

/** The `msg` of each JSON line process `pid` of `unit` wrote to its own journal (its stdout). */
export function ownMessages(c: Container, unit: string, pid: number): string[] {
  const r = c.exec('journalctl', [`_SYSTEMD_UNIT=${unit}`, `_PID=${pid}`, '-o', 'cat', '--no-pager']);
  const out: string[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const msg = (JSON.parse(line) as { msg?: unknown }).msg;
      if (typeof msg === 'string' && msg.length > 0) out.push(msg);
    } catch {
      continue;
    }
  }
  return out;
}

/**
 * Waits until `text` (what `journalctl -u potion-runner ...` printed) has a line of process
 * `name` carrying one of the messages that process wrote to its own journal.
 */
export async function journalHasOwnLine(c: Container, text: () => string, unit: string, pid: number, name: string, timeoutMs = 60_000): Promise<string> {
  return waitFor(`a line written by ${name} (PID ${pid}) in the potion-runner journal`, () => {
    const msgs = ownMessages(c, unit, pid);
    return text().split('\n').find((line) => line.includes(`${name}: `) && msgs.some((m) => line.includes(m)));
  }, timeoutMs, 500).catch((err: unknown) => {
    throw new Error(`${String(err)}\nits own lines: ${JSON.stringify(ownMessages(c, unit, pid).slice(0, 5))}\nthe potion-runner journal:\n${text().slice(-4000)}`);
  });
}

/** One process of a unit's cgroup with its resident memory (VmRSS, and its anonymous and file-backed parts) in kB. */
export interface UnitProcess {
  pid: number;
  rssKb: number;
  anonKb: number;
  fileKb: number;
  cmd: string;
}

/**
 * Every process in `unit`'s cgroup with its VmRSS, read from /proc inside the container (the
 * same on cgroup v1 and v2, where `systemctl show -p MemoryCurrent` may say nothing).
 */
export function unitProcesses(c: Container, unit: string): UnitProcess[] {
  const cgroup = c.must('systemctl', ['show', '-P', 'ControlGroup', unit]).trim();
  if (!cgroup) throw new Error(`${unit} has no cgroup (not running?)`);
  const script = [
    'for d in /proc/[0-9]*; do',
    '  grep -qxF -e "0::$1" -e "1:name=systemd:$1" "$d/cgroup" 2>/dev/null || continue',
    '  rss=$(sed -n "s/^\\(VmRSS\\|RssAnon\\|RssFile\\):[[:space:]]*\\([0-9]*\\) kB$/\\2/p" "$d/status" 2>/dev/null | tr "\\n" " ")',
    '  [ -n "$rss" ] && printf "%s %s%s\\n" "${d#/proc/}" "$rss" "$(tr "\\0" " " <"$d/cmdline")"',
    'done',
  ].join('\n');
  return c.must('sh', ['-c', script, 'sh', cgroup]).split('\n').filter(Boolean).map((line) => {
    const [pid, rss, anon, file, ...cmd] = line.split(' ');
    return { pid: Number(pid), rssKb: Number(rss), anonKb: Number(anon), fileKb: Number(file), cmd: cmd.join(' ').trim() };
  });
}
