import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { ok, problem, type Finding } from './finding.js';

const SETTING = /^\s*APT::Periodic::Unattended-Upgrade\s*"([^"]*)"/gm;

/**
 * The last APT::Periodic::Unattended-Upgrade value in apt's configuration (apt.conf.d/* in
 * order, then apt.conf) and the file that set it, as deploy/lib/updates.sh reads it.
 */
export function unattendedSetting(root: string): { value: string; file: string } | undefined {
  const dir = `${root}/etc/apt/apt.conf.d`;
  const files = existsSync(dir) ? readdirSync(dir).sort().map((f) => `${dir}/${f}`) : [];
  let found: { value: string; file: string } | undefined;
  for (const file of [...files, `${root}/etc/apt/apt.conf`]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // a folder, or gone meanwhile
    }
    for (const m of text.matchAll(SETTING)) found = { value: m[1]!, file: file.slice(root.length) };
  }
  return found;
}

/** Automatic security updates (PRD section 11): unattended-upgrades installed and turned on. */
export function checkSecurityUpdates(root: string, out: Finding[]): void {
  if (!existsSync(`${root}/usr/bin/unattended-upgrade`)) {
    out.push(problem('unattended-upgrades is not installed: security updates are not automatic', 'sudo apt-get install unattended-upgrades, then: sudo deploy/install.sh'));
    return;
  }
  const s = unattendedSetting(root);
  if (!s) out.push(problem('automatic security updates are not turned on (no APT::Periodic::Unattended-Upgrade)', 'sudo deploy/install.sh (writes /etc/apt/apt.conf.d/20auto-upgrades), or: sudo dpkg-reconfigure -plow unattended-upgrades'));
  else if (s.value === '0') out.push(problem(`automatic security updates are turned off in ${s.file}`, 'sudo dpkg-reconfigure -plow unattended-upgrades (answer Yes)'));
  else out.push(ok(`automatic security updates on (${s.file})`));
}
