import type { Runner, RunOptions } from './runner.js';

export interface DuEntry {
  path: string;
  bytes: number;
}

export interface DuResult {
  /** The folder asked about, with its total. */
  total: DuEntry | undefined;
  /** Sub-folders, biggest first. */
  entries: DuEntry[];
  /** du could not read some folders (exit 1, "Permission denied"): sizes are a lower bound. */
  partial: boolean;
}

/**
 * Parses `du -x -B1 --max-depth=N -- PATH` (GNU coreutils 9.4): one `<bytes>\t<path>` line
 * per folder, the asked folder last. Lines that do not match are ignored.
 */
export function parseDu(stdout: string, root: string, limit = 10): Omit<DuResult, 'partial'> {
  const rows: DuEntry[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\d+)\t(.+)$/.exec(line);
    if (m) rows.push({ bytes: Number(m[1]), path: m[2]! });
  }
  const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const total = rows.find((r) => norm(r.path) === norm(root));
  const entries = rows
    .filter((r) => r !== total)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
  return { total, entries };
}

/**
 * The biggest folders under `path`, at most `depth` levels down, staying on its own
 * filesystem (-x), at the lowest CPU priority, with a timeout: a whole-disk scan of an old
 * HDD can take a minute. `path` must be absolute and already validated.
 */
export async function biggestFolders(run: Runner, path: string, depth: number, opts: RunOptions & { limit?: number } = {}): Promise<DuResult> {
  if (!path.startsWith('/')) throw new Error(`du needs an absolute path, got ${JSON.stringify(path)}`);
  const { limit, ...runOpts } = opts;
  const r = await run('nice', ['-n', '19', 'du', '-x', '-B1', `--max-depth=${depth}`, '--', path], {
    timeoutMs: 120_000,
    okExitCodes: [0, 1],
    ...runOpts,
  });
  return { ...parseDu(r.stdout, path, limit), partial: r.exitCode !== 0 };
}
