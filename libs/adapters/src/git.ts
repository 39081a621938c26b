import type { Runner, RunOptions } from './runner.js';

export interface GitCommit {
  hash: string;
  subject: string;
}

export interface GitPullResult {
  dir: string;
  branch: string;
  before: string;
  after: string;
  commits: GitCommit[];
  files: string[];
}

/** Parses `git log --format=%h%x09%s`: one "hash<TAB>subject" per line. */
export function parseGitLog(stdout: string): GitCommit[] {
  return stdout
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const tab = l.indexOf('\t');
      return { hash: l.slice(0, tab), subject: l.slice(tab + 1) };
    });
}

const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', SSH_ASKPASS: 'true', GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' };

/**
 * `git pull --ff-only` in one configured repository, then what it brought: the commits
 * between the old and the new HEAD and the files they changed. Never merges or rebases,
 * never prompts for a password.
 */
export async function gitPullFastForward(run: Runner, dir: string, opts: RunOptions = {}): Promise<GitPullResult> {
  const o: RunOptions = { timeoutMs: 30_000, ...opts, cwd: dir, env: { ...GIT_ENV, ...(opts.env ?? {}) } };
  const head = async () => (await run('git', ['rev-parse', 'HEAD'], o)).stdout.trim();
  const branch = (await run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], o)).stdout.trim();
  const before = await head();
  await run('git', ['pull', '--ff-only', '--no-rebase', '--quiet'], { ...o, timeoutMs: opts.timeoutMs ?? 5 * 60_000 });
  const after = await head();
  if (before === after) return { dir, branch, before, after, commits: [], files: [] };
  const range = `${before}..${after}`;
  const [log, diff] = await Promise.all([
    run('git', ['log', '--no-color', '--format=%h%x09%s', range], o),
    run('git', ['diff', '--name-only', range], o),
  ]);
  return { dir, branch, before, after, commits: parseGitLog(log.stdout), files: diff.stdout.split('\n').filter(Boolean) };
}

export interface GitIncoming {
  dir: string;
  branch: string;
  /** The newest `limit` commits of HEAD..@{u}, newest first. */
  commits: GitCommit[];
  /** All commits of HEAD..@{u}. */
  total: number;
}

/**
 * What a `git pull` would bring, without touching the work tree or the branch: `git fetch`
 * (it only moves the remote-tracking refs), then the commits in HEAD..@{u}, at most `limit`.
 */
export async function gitIncoming(run: Runner, dir: string, opts: RunOptions & { limit?: number } = {}): Promise<GitIncoming> {
  const { limit = 10, ...rest } = opts;
  const o: RunOptions = { timeoutMs: 30_000, ...rest, cwd: dir, env: { ...GIT_ENV, ...(rest.env ?? {}) } };
  const branch = (await run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], o)).stdout.trim();
  await run('git', ['fetch', '--quiet'], { ...o, timeoutMs: rest.timeoutMs ?? 2 * 60_000 });
  const count = await run('git', ['rev-list', '--count', 'HEAD..@{u}'], o);
  const log = await run('git', ['log', '--no-color', '--format=%h%x09%s', '-n', String(limit), 'HEAD..@{u}'], o);
  return { dir, branch, commits: parseGitLog(log.stdout), total: Number(count.stdout.trim()) || 0 };
}
