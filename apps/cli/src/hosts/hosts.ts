import { randomInt } from 'node:crypto';
import { chownSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import {
  createHostProofKey,
  dateTime,
  HOST_NAME_PATTERN,
  hostProofKeyFile,
  keys,
  removeHostProofKey,
  workerAclRule,
  waitReady,
  workerAclUser,
} from '@potion/jobs';
import { createRedis, loadConfigOrExit, type Config } from '@potion/platform';
import { aclHasUser, appendAclUser, removeAclUser } from './acl-file.js';
import { encodeJoinSecret } from './join-secret.js';
import { hostsTexts as t } from './texts.js';

/** The ACL file deploy/install.sh writes and redis-server loads (decision 025). */
export const INSTALLED_ACL_FILE = '/etc/redis/potion-runner.acl';

export interface HostsContext {
  config: Config;
  redis: Redis;
  aclFile: string;
  out: (text: string) => void;
  now: () => number;
}

const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const newPassword = (): string => Array.from({ length: 40 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');

/** Run as root (sudo potion ...): the new key file belongs to DATA_DIR's owner, the service user the bot runs as. */
function giveToDataDirOwner(dataDir: string, paths: readonly string[]): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = statSync(dataDir);
  for (const p of paths) chownSync(p, uid, gid);
}

/**
 * Applies one user's file line to the running Redis with ACL SETUSER, the same rules word for
 * word, so a restart loads what runs now. Not ACL LOAD: Redis 7.0 re-creates every user on
 * LOAD and closes all their connections, the main machine's bot and worker and every other
 * host's worker included.
 */
async function aclApply(redis: Redis, line: string): Promise<void> {
  const [, user, ...rules] = line.split(' ');
  await redis.call('ACL', 'SETUSER', user ?? '', ...rules);
}

export async function addHost(c: HostsContext, name: string, redisAddr: string | undefined): Promise<number> {
  if (!HOST_NAME_PATTERN.test(name)) return (c.out(t.badName(name)), 64);
  if (name === c.config.hostId) return (c.out(t.ownName(name)), 64);
  const user = workerAclUser(name);
  if ((await c.redis.hexists(keys.hosts, name)) || aclHasUser(c.aclFile, user) || existsSync(join(c.config.dataDir, hostProofKeyFile(name)))) {
    return (c.out(t.exists(name)), 1);
  }
  const password = newPassword();
  const proofKey = createHostProofKey(c.config.dataDir, name);
  const line = workerAclRule({ hostId: name, password: { plain: password } });
  appendAclUser(c.aclFile, user, line);
  try {
    await aclApply(c.redis, line);
  } catch (err) {
    removeAclUser(c.aclFile, user);
    removeHostProofKey(c.config.dataDir, name);
    return (c.out(t.aclLoadFailed((err as Error).message)), 1);
  }
  const keyPath = join(c.config.dataDir, hostProofKeyFile(name));
  giveToDataDirOwner(c.config.dataDir, [join(c.config.dataDir, 'keys'), join(c.config.dataDir, 'keys', 'hosts'), keyPath]);
  await c.redis.hset(keys.hosts, name, JSON.stringify({ name, addedAt: c.now() }));
  c.out(t.added({ name, user, keyPath, secret: encodeJoinSecret({ host: name, user, password, proofKey, redis: redisAddr }), redis: redisAddr }));
  return 0;
}

export async function listHosts(c: HostsContext): Promise<number> {
  const all = await c.redis.hgetall(keys.hosts);
  const names = Object.keys(all).sort();
  if (names.length === 0) return (c.out(t.none), 0);
  c.out(t.listHead);
  for (const name of names) {
    let addedAt = 0;
    try {
      addedAt = Number((JSON.parse(all[name] ?? '{}') as { addedAt?: unknown }).addedAt) || 0;
    } catch {
      addedAt = 0;
    }
    const user = HOST_NAME_PATTERN.test(name) && aclHasUser(c.aclFile, workerAclUser(name));
    const key = HOST_NAME_PATTERN.test(name) && existsSync(join(c.config.dataDir, hostProofKeyFile(name)));
    c.out(t.listLine({ name, added: addedAt ? dateTime(addedAt, c.config.timezone) : '?', user, key }));
  }
  return 0;
}

export async function removeHost(c: HostsContext, name: string): Promise<number> {
  if (!HOST_NAME_PATTERN.test(name)) return (c.out(t.badName(name)), 64);
  const user = workerAclUser(name);
  const known = (await c.redis.hexists(keys.hosts, name)) === 1;
  const userRemoved = removeAclUser(c.aclFile, user);
  const keyRemoved = removeHostProofKey(c.config.dataDir, name);
  if (!known && !userRemoved && !keyRemoved) return (c.out(t.notFound(name)), 1);
  // ACL DELUSER also closes the connections the user still has (a running worker).
  const liveUser = Number(await c.redis.call('ACL', 'DELUSER', user)) > 0;
  await c.redis.hdel(keys.hosts, name);
  c.out(t.removed({ name, user, userRemoved: userRemoved || liveUser, keyRemoved }));
  return 0;
}

/** `potion hosts add <name> [--redis ADDR] [--acl-file PATH]`, `potion hosts list`, `potion hosts remove <name>`. */
export async function runHosts(args: readonly string[]): Promise<number> {
  const out = (s: string) => void process.stdout.write(s);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { redis: { type: 'string' }, 'acl-file': { type: 'string', default: INSTALLED_ACL_FILE }, 'env-path': { type: 'string' } },
    });
  } catch (err) {
    return (out(`${(err as Error).message}\n${t.usage}`), 64);
  }
  const { values, positionals } = parsed;
  const [sub, name] = positionals;
  if (!sub || !['add', 'list', 'remove'].includes(sub) || (sub !== 'list' && !name)) return (out(t.usage), 64);
  const config = loadConfigOrExit(values['env-path'] ? { envFile: values['env-path'] } : {});
  if (!config.redisUrl) return (out(t.noRedisUrl), 1);
  const redis = createRedis(config.redisUrl, { role: 'producer', name: 'cli' });
  const c: HostsContext = { config, redis, aclFile: values['acl-file'], out, now: Date.now };
  try {
    await waitReady(redis, 5000);
    if (sub === 'add') return await addHost(c, name ?? '', values.redis);
    if (sub === 'remove') return await removeHost(c, name ?? '');
    return await listHosts(c);
  } catch (err) {
    out(t.redisDown((err as Error).message));
    return 1;
  } finally {
    redis.disconnect();
  }
}
