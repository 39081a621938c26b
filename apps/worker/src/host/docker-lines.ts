import type { JobResult } from '@potion/jobs';

/** A container as docker.list and 📊 Status carry it. */
type Container = JobResult<'docker.list'>['containers'][number];

/** Status shows this many containers at most; the 🐳 list shows them all. */
export const STATUS_MAX = 10;

export const ICON: Record<string, string> = { running: '🟢', restarting: '🔁', paused: '⏸️', exited: '🔴', dead: '💀', created: '⚪', removing: '🗑️', missing: '❔' };

/** "Exited (137) 5 minutes ago" -> 137: the list has no exit code field of its own. */
function exitCodeOf(status: string): number | undefined {
  const m = /^Exited \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : undefined;
}

/** What a container is doing, in the bot's words. */
export function containerStateText(state: string, status = '', exitCode?: number): string {
  const code = exitCode ?? exitCodeOf(status);
  switch (state) {
    case 'running':
      return 'jalan';
    case 'restarting':
      return 'restart terus';
    case 'paused':
      return 'dijeda';
    case 'exited':
      return code === undefined ? 'berhenti' : `berhenti (exit ${code})`;
    case 'dead':
      return 'mati (dead)';
    case 'created':
      return 'dibuat, belum pernah jalan';
    case 'removing':
      return 'lagi dihapus';
    case 'missing':
      return 'tidak ditemukan';
    default:
      return state;
  }
}

/** One line per container: "🟢 nextcloud: jalan" (a whitelisted one marked 🛂 when the bot may control it). */
export function containerLine(c: Pick<Container, 'name' | 'state' | 'status'>, whitelist: readonly string[]): string {
  return `${ICON[c.state] ?? '❔'} ${c.name}: ${containerStateText(c.state, c.status)}${whitelist.includes(c.name) ? ' 🛂' : ''}`;
}

/** The 📊 Status section: nothing without containers. */
export function statusContainerLines(containers: readonly Container[], whitelist: readonly string[]): string[] {
  if (containers.length === 0) return [];
  const shown = containers.slice(0, STATUS_MAX).map((c) => containerLine(c, whitelist));
  const more = containers.length - STATUS_MAX;
  return ['🐳 Container', ...shown, ...(more > 0 ? [`… dan ${more} lainnya (🐳 Container untuk semuanya)`] : [])];
}

