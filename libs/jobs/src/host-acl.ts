import { createHash } from 'node:crypto';
import { hostAclKeyPatterns } from './keys.js';
import { QUEUE_KINDS } from './registry/define.js';

/**
 * The Redis ACL of a joined host's worker (docs/decisions/043-hosts-join-acl.md): it may
 * touch only its own queues and keys (hostAclKeyPatterns), with the commands a BullMQ worker
 * and the worker's own code use, and nothing that reads or changes the server or other keys.
 */

/** A host id that can also name an ACL user and a file: HOST_ID's own pattern. */
export const HOST_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,30}$/;

/** The ACL user of a joined host's worker. */
export const workerAclUser = (hostId: string): string => `worker-${hostId}`;

/**
 * Commands, in order (ACL rules apply left to right). Data commands are bounded by the key
 * patterns; what is left out reads or changes the whole server (ACL, CONFIG, FLUSH*, KEYS,
 * SHUTDOWN, DEBUG, MODULE, SCRIPT FLUSH/KILL, FUNCTION, CLIENT KILL/LIST, MONITOR, SELECT,
 * RANDOMKEY, DBSIZE, SCAN) or other users' traffic (pub/sub: no channels).
 */
export const WORKER_ACL_COMMANDS: readonly string[] = [
  '-@all',
  // Values of its own keys: BullMQ's scripts and the worker's samples, alerts, outcomes.
  '+@string', '+@hash', '+@list', '+@set', '+@sortedset', '+@stream', '+@keyspace', '+@transaction',
  // BullMQ runs Lua scripts (EVALSHA, EVAL when the script cache was emptied); each command a
  // script runs is checked against this same ACL, keys included.
  '+eval', '+evalsha', '+script|load', '+script|exists',
  // Connecting: ioredis' ready check and BullMQ's version check read INFO; connection names.
  // Not CLIENT SETINFO: Redis 7.0 (Ubuntu 24.04, Debian 12) does not know it; ioredis ignores its refusal.
  '+ping', '+echo', '+hello', '+auth', '+client|setname', '+client|getname', '+client|id',
  '+time',
  // After the categories: nothing flagged dangerous (KEYS, FLUSHALL, SWAPDB, MIGRATE, SORT, ...).
  '-@dangerous',
  // INFO is flagged dangerous (it shows server facts) but BullMQ cannot start without it.
  '+info',
  // Whole-database facts and other databases; SCAN lists every host's key names (the worker
  // reads its mutes from their sorted set instead).
  '-randomkey', '-dbsize', '-select', '-move', '-scan',
];

/** SHA-256 of a password, as an ACL file stores it (`#<hex>`). */
export const aclPasswordHash = (password: string): string => createHash('sha256').update(password).digest('hex');

export interface WorkerAclRuleOptions {
  hostId: string;
  /** The plain password (hashed here) or its SHA-256 hex. */
  password: { plain: string } | { sha256: string };
}

/** One `user ...` line of the ACL file for a joined host's worker. */
export function workerAclRule(opts: WorkerAclRuleOptions): string {
  if (!HOST_NAME_PATTERN.test(opts.hostId)) throw new Error(`"${opts.hostId}" is not a host name (${HOST_NAME_PATTERN.source})`);
  const sha = 'plain' in opts.password ? aclPasswordHash(opts.password.plain) : opts.password.sha256;
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error('the password hash must be 64 hex digits');
  const keyRules = hostAclKeyPatterns(opts.hostId, QUEUE_KINDS).map((p) => `~${p}`);
  return ['user', workerAclUser(opts.hostId), 'reset', 'on', `#${sha}`, ...keyRules, 'resetchannels', ...WORKER_ACL_COMMANDS].join(' ');
}
