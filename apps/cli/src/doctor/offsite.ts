import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CommandError, listRemotes, remoteName, type Runner } from '@potion/adapters';
import type { Config } from '@potion/platform';
import { note, ok, problem, type Finding } from './finding.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The service user's home from <root>/etc/passwd (the worker's ~ when OFFSITE_RCLONE_CONFIG is empty). */
function homeOf(root: string, user: string): string | undefined {
  const passwd = join(root || '/', 'etc', 'passwd');
  if (!user || !existsSync(passwd)) return undefined;
  const line = readFileSync(passwd, 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  return line?.split(':')[5] || undefined;
}

/** OFFSITE_REMOTE: off (a note), or rclone installed and the remote present in the worker's rclone.conf. */
export async function checkOffsite(config: Config, p: { root: string; user: string }, run: Runner, out: Finding[]): Promise<void> {
  const remote = config.offsite.remote;
  if (!remote) {
    out.push(note('off-site copy is off (OFFSITE_REMOTE is empty): the HDD is the only copy', 'docs/INSTALL.id.md, Langkah 13 (rclone config, then OFFSITE_REMOTE in .env)'));
    return;
  }
  // Unset OFFSITE_RCLONE_CONFIG means the worker's ~, not the ~ of whoever runs the doctor.
  const isDefault = config.offsite.rcloneConfig === join(homedir(), '.config', 'rclone', 'rclone.conf');
  const home = isDefault ? homeOf(p.root, p.user) : undefined;
  const configPath = home ? join(home, '.config', 'rclone', 'rclone.conf') : config.offsite.rcloneConfig;
  const name = remoteName(remote);
  const setup = `sudo -u ${p.user || 'potion'} -H rclone config   (add the remote "${name}")`;
  let remotes: Map<string, string>;
  try {
    remotes = await listRemotes(run, { configPath, timeoutMs: 30_000 });
  } catch (err) {
    if (err instanceof CommandError && err.failure === 'not-found') out.push(problem('rclone is not installed: the off-site copy cannot run', 'sudo apt install rclone'));
    else out.push(problem(`rclone cannot read ${configPath}: ${(err as Error).message}`, setup));
    return;
  }
  const type = remotes.get(name);
  if (type === undefined) {
    out.push(problem(`OFFSITE_REMOTE "${name}" is not in ${configPath}`, setup));
    return;
  }
  const s = config.offsite.schedule;
  out.push(ok(`off-site copy: ${remote} (${type}${type === 'crypt' ? ', encrypted' : ''}), weekly ${DAYS[s.weekday]} ${s.time}`));
}
