import { fileURLToPath } from 'node:url';
import type { GitCommit } from './git.js';
import type { Runner, RunOptions } from './runner.js';

/** The root oneshot unit that builds, switches, restarts and rolls back (deploy/systemd/). */
export const SELF_UPDATE_UNIT = 'potion-runner-selfupdate.service';
/** Where the installed app keeps the script; the sudo rule names this exact path. */
export const SELF_UPDATE_SCRIPT_PATH = '/opt/potion-runner/app/deploy/self-update.sh';
/**
 * The script of the tree this code runs from (libs/adapters/dist -> the repo root): in the
 * installed app that is SELF_UPDATE_SCRIPT_PATH; in tests the checkout's own script.
 */
export const SELF_UPDATE_SCRIPT = fileURLToPath(new URL('../../../deploy/self-update.sh', import.meta.url));

export interface SelfUpdateCheck {
  /** The commit the running app was built from. */
  running: GitCommit;
  /** The checkout's upstream branch (`origin/main`). */
  upstream: string;
  /** All commits between the running one and the upstream's. */
  total: number;
  /** The newest of them (at most 10), newest first. */
  commits: GitCommit[];
}

const commitOf = (rest: string): GitCommit => {
  const space = rest.indexOf(' ');
  return space < 0 ? { hash: rest, subject: '' } : { hash: rest.slice(0, space), subject: rest.slice(space + 1) };
};

/**
 * Parses `self-update.sh check`: `running <hash> <subject>`, `upstream <ref>`, `total <n>`,
 * then `commit <hash> <subject>` lines. Throws when a required line is missing.
 */
export function parseSelfUpdateCheck(stdout: string): SelfUpdateCheck {
  let running: GitCommit | undefined;
  let upstream: string | undefined;
  let total: number | undefined;
  const commits: GitCommit[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(running|upstream|total|commit) (.*)$/.exec(line);
    if (!m) continue;
    const [, key, rest = ''] = m;
    if (key === 'running') running = commitOf(rest);
    else if (key === 'upstream') upstream = rest;
    else if (key === 'total' && /^\d+$/.test(rest)) total = Number(rest);
    else if (key === 'commit') commits.push(commitOf(rest));
  }
  if (!running || !/^[0-9a-f]{4,40}$/.test(running.hash) || upstream === undefined || total === undefined) {
    throw new Error(`self-update.sh check printed no running/upstream/total lines: ${stdout.slice(0, 200)}`);
  }
  return { running, upstream, total, commits };
}

/** `sudo -n self-update.sh check`: root fetches the checkout and lists what is incoming. */
export async function selfUpdateCheck(run: Runner, opts: RunOptions & { script?: string } = {}): Promise<SelfUpdateCheck> {
  const { script = SELF_UPDATE_SCRIPT, ...o } = opts;
  const r = await run('sudo', ['-n', script, 'check'], { timeoutMs: 3 * 60_000, ...o });
  return parseSelfUpdateCheck(r.stdout);
}

/** Starts the root unit and returns at once (`--no-block`): it restarts this very process. */
export async function startSelfUpdate(run: Runner, opts: RunOptions = {}): Promise<void> {
  await run('sudo', ['-n', 'systemctl', 'start', '--no-block', SELF_UPDATE_UNIT], { timeoutMs: 30_000, ...opts });
}
