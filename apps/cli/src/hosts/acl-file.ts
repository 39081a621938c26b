import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The Redis ACL file (/etc/redis/potion-runner.acl, root:redis 640, decision 025): one
 * `user <name> ...` line per user. Edited in place so its owner and mode stay; Redis reads
 * it again on `ACL LOAD`.
 */

const userOf = (line: string): string | undefined => /^user (\S+)/.exec(line.trim())?.[1];

export function readAclLines(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path} does not exist (is Redis installed by deploy/install.sh?)`);
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

export function aclHasUser(path: string, user: string): boolean {
  return readAclLines(path).some((l) => userOf(l) === user);
}

/** Appends one user line; refuses a user that is already there. */
export function appendAclUser(path: string, user: string, line: string): void {
  if (userOf(line) !== user) throw new Error(`the ACL line is not for ${user}`);
  if (aclHasUser(path, user)) throw new Error(`${path} already has the user ${user}`);
  const text = readFileSync(path, 'utf8');
  appendFileSync(path, `${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`);
}

/** Removes a user's line(s); false when there was none. */
export function removeAclUser(path: string, user: string): boolean {
  const lines = readAclLines(path);
  const kept = lines.filter((l) => userOf(l) !== user);
  if (kept.length === lines.length) return false;
  writeFileSync(path, kept.map((l) => `${l}\n`).join(''));
  return true;
}
