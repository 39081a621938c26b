import type { Runner, RunOptions } from './runner.js';

export interface UnitState {
  unit: string;
  /** ActiveState: active, inactive, failed, activating, deactivating, reloading, or unknown. */
  active: string;
  sub: string;
  /** LoadState: loaded, not-found, masked, bad-setting, error... */
  load: string;
  found: boolean;
  /** MainPID, when it was asked for (`-p MainPID`) and a main process runs. */
  mainPid?: number;
}

/**
 * Parses `systemctl show -p Id -p LoadState -p ActiveState -p SubState UNIT...`: one block
 * of KEY=value lines per unit, blocks separated by an empty line, in the order asked.
 */
export function parseShow(stdout: string, asked: readonly string[]): UnitState[] {
  const blocks = stdout.split(/\n\s*\n/).map((b) => b.trim()).filter((b) => b.length > 0);
  return asked.map((unit, i) => {
    const props = new Map<string, string>();
    for (const line of (blocks[i] ?? '').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1));
    }
    const load = props.get('LoadState') ?? 'unknown';
    const mainPid = Number(props.get('MainPID'));
    return {
      unit,
      active: props.get('ActiveState') ?? 'unknown',
      sub: props.get('SubState') ?? 'unknown',
      load,
      found: load !== 'not-found' && props.size > 0,
      ...(mainPid > 0 ? { mainPid } : {}),
    };
  });
}

export async function showUnits(run: Runner, units: readonly string[], opts: RunOptions = {}): Promise<UnitState[]> {
  if (units.length === 0) return [];
  const args = ['show', '--no-pager', '-p', 'Id', '-p', 'LoadState', '-p', 'ActiveState', '-p', 'SubState', '--', ...units];
  const r = await run('systemctl', args, { timeoutMs: 10_000, ...opts });
  return parseShow(r.stdout, units);
}

/**
 * start/stop/restart through `sudo -n` (never a password prompt: a missing sudoers rule
 * fails at once with a message naming the rule to install).
 */
export async function controlUnit(run: Runner, verb: 'start' | 'stop' | 'restart', unit: string, opts: RunOptions = {}): Promise<void> {
  await run('sudo', ['-n', 'systemctl', verb, '--', unit], { timeoutMs: 90_000, ...opts });
}
