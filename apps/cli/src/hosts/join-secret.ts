import { HOST_NAME_PATTERN, workerAclUser } from '@potion/jobs';

/**
 * The join secret `potion hosts add` prints: one copy-pasteable line,
 * `potion-join-v1.<base64url JSON {host, user, password, proofKey, redis?}>`, that
 * `deploy/install.sh --join` reads (deploy/lib/join-secret.mjs parses and checks it there,
 * with the messages the user sees). `redis` is the main machine's Redis address when known.
 */
export const JOIN_SECRET_PREFIX = 'potion-join-v1.';

export interface JoinSecretBody {
  host: string;
  user: string;
  /** The ACL user's password: 40 letters and digits. */
  password: string;
  /** The host's job proof key: base64url of 32 bytes. */
  proofKey: string;
  redis?: string | undefined;
}

export function encodeJoinSecret(body: JoinSecretBody): string {
  if (!HOST_NAME_PATTERN.test(body.host) || body.user !== workerAclUser(body.host)) throw new Error(`bad host or user in a join secret: ${body.host}`);
  if (!/^[A-Za-z0-9]{40}$/.test(body.password) || !/^[A-Za-z0-9_-]{43}$/.test(body.proofKey)) throw new Error('bad password or proof key in a join secret');
  const { host, user, password, proofKey, redis } = body;
  return JOIN_SECRET_PREFIX + Buffer.from(JSON.stringify({ host, user, password, proofKey, ...(redis ? { redis } : {}) })).toString('base64url');
}
