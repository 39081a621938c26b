import type { Runner, RunOptions } from './runner.js';

/** Where a unit keeps its files, as systemd reports them (absolute paths only). */
export interface UnitPaths {
  unit: string;
  /** WorkingDirectory without systemd's "!" (missing is ok) prefix; undefined when unset or "~" (the user's home, not resolved here). */
  workingDirectory?: string;
  /** ReadWritePaths without the "-" (ignore missing) and "+" prefixes. */
  readWritePaths: string[];
  /** The binary of each ExecStart= command (`path=` of systemd's record). */
  execPaths: string[];
}

/** Splits `systemctl show` output into one property map per block (blocks separated by an empty line). */
function blocks(stdout: string): Map<string, string[]>[] {
  return stdout
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b.length > 0)
    .map((b) => {
      const props = new Map<string, string[]>();
      for (const line of b.split('\n')) {
        const eq = line.indexOf('=');
        if (eq <= 0) continue;
        const key = line.slice(0, eq);
        props.set(key, [...(props.get(key) ?? []), line.slice(eq + 1)]);
      }
      return props;
    });
}

const absolute = (p: string): string | undefined => (p.startsWith('/') ? p.replace(/\/+$/, '') || '/' : undefined);

/**
 * Parses `systemctl show -p Id -p WorkingDirectory -p ReadWritePaths -p ExecStart UNIT...`
 * (systemd 252, samples/systemctl-show-paths.txt): properties come in systemd's own order,
 * a unit with several ExecStart= lines repeats the key, and each block is matched to its unit
 * by `Id=`. ExecStart reads `{ path=/usr/bin/x ; argv[]=... ; ... }`. A path holding " ; "
 * or, in ReadWritePaths, a space cannot be told apart and is read up to it.
 */
export function parseUnitPaths(stdout: string, asked: readonly string[]): UnitPaths[] {
  const byId = new Map<string, Map<string, string[]>>();
  for (const b of blocks(stdout)) {
    const id = b.get('Id')?.[0];
    if (id !== undefined) byId.set(id, b);
  }
  return asked.map((unit) => {
    const props = byId.get(unit) ?? new Map<string, string[]>();
    const wd = absolute((props.get('WorkingDirectory')?.[0] ?? '').replace(/^!/, ''));
    const rw = (props.get('ReadWritePaths')?.[0] ?? '')
      .split(' ')
      .map((p) => absolute(p.replace(/^[-+]+/, '')))
      .filter((p): p is string => p !== undefined);
    const exec = (props.get('ExecStart') ?? [])
      .map((v) => /^\{ path=(.*?) ; /.exec(v)?.[1])
      .map((p) => (p === undefined ? undefined : absolute(p)))
      .filter((p): p is string => p !== undefined);
    return { unit, ...(wd !== undefined ? { workingDirectory: wd } : {}), readWritePaths: rw, execPaths: exec };
  });
}

/** The paths of each unit (no sudo needed: `systemctl show` is read-only). */
export async function unitPaths(run: Runner, units: readonly string[], opts: RunOptions = {}): Promise<UnitPaths[]> {
  if (units.length === 0) return [];
  const args = ['show', '--no-pager', '-p', 'Id', '-p', 'WorkingDirectory', '-p', 'ReadWritePaths', '-p', 'ExecStart', '--', ...units];
  const r = await run('systemctl', args, { timeoutMs: 10_000, ...opts });
  return parseUnitPaths(r.stdout, units);
}
