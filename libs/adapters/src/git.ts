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
