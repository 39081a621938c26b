import { existsSync, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isMountPoint } from '@potion/adapters';
import { ConfigError, loadConfig, type Config } from '@potion/platform';
import { renderSudoers } from '../sudoers.js';
import { note, ok, problem, type Finding } from './finding.js';

export interface DoctorPaths {
  /** Prefix for system files (/etc/...), as install.sh --root. Default "". */
  root: string;
  envFile: string;
  /** The service user install.sh created. */
  user: string;
  appDir: string;
  /** /proc/self/mountinfo text. */
  mountinfo: string;
}

/** .env: present, mode 600, owned by the service user, and valid. Returns the config when it loads. */
export function checkEnvFile(p: DoctorPaths, out: Finding[]): Config | undefined {
  if (!existsSync(p.envFile)) {
    out.push(problem(`.env is missing: ${p.envFile}`, `sudo deploy/install.sh creates it (or, for a first try: cp .env.example .env && chmod 600 .env)`));
    return undefined;
  }
  const st = statSync(p.envFile);
  const mode = (st.mode & 0o777).toString(8);
  if (mode !== '600') out.push(problem(`.env mode is ${mode}: other users can read the bot token`, `sudo chmod 600 ${p.envFile}`));
  else out.push(ok(`.env found, mode 600: ${p.envFile}`));
  let config: Config;
  try {
    config = loadConfig({ envFile: p.envFile, env: {}, allowOpenEnvFile: true });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const i of err.problems) out.push(problem(`.env: ${i.variable} ${i.problem}`, `edit ${p.envFile}: ${i.fix}`));
    return undefined;
  }
  if (!config.botToken) out.push(problem('BOT_TOKEN is empty: the bot does not start', `put the token from @BotFather in ${p.envFile} (BOT_TOKEN="123456789:AA..."), then: sudo systemctl restart potion-runner`));
  else out.push(ok(`BOT_TOKEN set, ${config.adminIds.length} admin id(s)`));
  if (config.servicesWhitelist.length === 0) out.push(note('SERVICES_WHITELIST is empty: the bot can control no service', `add unit names to ${p.envFile}, then: sudo deploy/install.sh --only-sudoers`));
  if (!config.redisUrl) out.push(problem('REDIS_URL is empty: the systemd units need the system Redis', `set REDIS_URL="redis://127.0.0.1:6379" in ${p.envFile}`));
  if (p.user && ownerName(st.uid) !== p.user && existsSync('/etc/passwd') && userExists(p.user)) {
    out.push(problem(`.env belongs to ${ownerName(st.uid)}, not ${p.user}: the services cannot read it`, `sudo chown ${p.user}:${p.user} ${p.envFile}`));
  }
  return config;
}

function userExists(name: string): boolean {
  return readFileSync('/etc/passwd', 'utf8').split('\n').some((l) => l.startsWith(`${name}:`));
}

function ownerName(uid: number): string {
  if (uid === userInfo().uid) return userInfo().username;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[2] === String(uid));
  return line?.split(':')[0] ?? String(uid);
}

/** HDD mounted, and logs/backups not silently landing on the SSD under the empty mount point. */
export function checkHdd(c: Config, p: DoctorPaths, out: Finding[]): void {
  const mounted = isMountPoint(p.mountinfo, c.hddMount); // the live mount table, even under --root
  if (mounted) {
    out.push(ok(`HDD mounted at ${c.hddMount}`));
  } else {
    out.push(
      problem(
        `HDD is not mounted at ${c.hddMount}: backups and logs that should go to the HDD end up on the SSD (or fail)`,
        `check the disk with lsblk, then sudo mount -a (the fstab line has nofail); first time: sudo deploy/hdd-setup.sh`,
      ),
    );
  }
  for (const configured of [c.logDir, c.backupDir]) {
    const dir = `${p.root}${configured}`;
    if (!existsSync(dir) && !isSymlink(dir)) {
      out.push(problem(`${dir} does not exist`, 'sudo deploy/install.sh creates it'));
      continue;
    }
    if (isSymlink(dir)) {
      const target = readlinkSync(dir);
      if (!mounted && target.startsWith(`${c.hddMount}/`)) out.push(problem(`${dir} points to ${target} on the unmounted HDD`, 'sudo mount -a, then sudo systemctl restart potion-runner'));
    } else if (mounted) {
      out.push(note(`${dir} is on the SSD although the HDD is mounted`, 'sudo deploy/install.sh moves it to the HDD and links it'));
    }
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** /etc files install.sh writes: sudoers matches SERVICES_WHITELIST, logrotate present. */
export function checkSystemFiles(c: Config, p: DoctorPaths, out: Finding[]): void {
  const sudoers = `${p.root}/etc/sudoers.d/potion-runner`;
  if (!existsSync(sudoers)) {
    out.push(problem('sudo rules missing: the worker cannot restart services, reboot or update', 'sudo deploy/install.sh --only-sudoers'));
  } else {
    let text: string | undefined;
    try {
      text = readFileSync(sudoers, 'utf8');
    } catch {
      out.push(note(`cannot read ${sudoers} (root only)`, 'run the doctor with sudo to check the sudo rules'));
    }
    if (text !== undefined) {
      const expected = renderSudoers({ user: p.user, units: c.servicesWhitelist });
      if (text === expected) out.push(ok(`sudo rules match SERVICES_WHITELIST (${c.servicesWhitelist.length} unit(s))`));
      else {
        const missing = c.servicesWhitelist.filter((u) => !text.includes(` -- ${u.replace(/:/g, '\\:')}`));
        out.push(
          problem(
            missing.length > 0 ? `sudo rules lack ${missing.join(', ')} (SERVICES_WHITELIST changed since install)` : 'sudo rules are out of date (SERVICES_WHITELIST or the app changed)',
            'sudo deploy/install.sh --only-sudoers',
          ),
        );
      }
    }
  }
  if (!existsSync(`${p.root}/etc/logrotate.d/potion-runner`)) out.push(problem('logrotate rule missing: logs can fill the disk', 'sudo deploy/install.sh'));
  else out.push(ok('logrotate rule installed'));
}
