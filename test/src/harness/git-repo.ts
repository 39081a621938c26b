import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fixed author and no global git config: commits in test repos need no setup on the machine. */
export const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'Dre', GIT_AUTHOR_EMAIL: 'dre@example.com', GIT_COMMITTER_NAME: 'Dre', GIT_COMMITTER_EMAIL: 'dre@example.com', GIT_CONFIG_GLOBAL: '/dev/null' };

/** Runs real git in `cwd` (argument array) and returns its stdout. */
export const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: gitEnv, stdio: 'pipe' }).toString();

/** Writes `file` in the repo and commits it with `subject`. */
export function commit(cwd: string, file: string, text: string, subject: string): void {
  writeFileSync(join(cwd, file), text);
  git(cwd, 'add', file);
  git(cwd, 'commit', '-q', '-m', subject);
}

/** A bare `remote` (branch main) and a clone `upstream` with one pushed commit: clone `remote` for the repos under test. */
export function seedUpstream(root: string, remote: string, upstream: string): void {
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'clone', '-q', remote, upstream);
  commit(upstream, 'README.md', 'hello\n', 'first commit');
  git(upstream, 'push', '-q', 'origin', 'HEAD:main');
}
