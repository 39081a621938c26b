import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JobSigner, loadProofKey } from './job-proof.js';
import { HOST_NAME_PATTERN } from './host-acl.js';

/**
 * Per-host job proof keys (docs/decisions/043): the bot signs a mutating job for a joined
 * host with that host's own key, so a host that leaks its key can sign jobs for itself only.
 * The main host keeps DATA_DIR/keys/job-proof.key (decision 023); a joined host's key lives
 * under DATA_DIR/keys/hosts/<id>.key on the main machine and, as job-proof.key, on the host.
 */
export const HOST_PROOF_KEY_DIR = join('keys', 'hosts');

/** DATA_DIR-relative path of a joined host's key. */
export function hostProofKeyFile(hostId: string): string {
  if (!HOST_NAME_PATTERN.test(hostId)) throw new Error(`"${hostId}" is not a host name`);
  return join(HOST_PROOF_KEY_DIR, `${hostId}.key`);
}

/**
 * Creates a new key for a joined host (mode 600, folders 700); refuses to replace one.
 * Returns the key as the file holds it (base64url of 32 bytes), for the join secret.
 */
export function createHostProofKey(dataDir: string, hostId: string): string {
  const path = join(dataDir, hostProofKeyFile(hostId));
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dataDir, HOST_PROOF_KEY_DIR), { recursive: true, mode: 0o700 });
  chmodSync(join(dataDir, HOST_PROOF_KEY_DIR), 0o700);
  const key = randomBytes(32).toString('base64url');
  writeFileSync(path, key + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

/** Removes a joined host's key; false when there was none. */
export function removeHostProofKey(dataDir: string, hostId: string): boolean {
  const path = join(dataDir, hostProofKeyFile(hostId));
  if (!existsSync(path)) return false;
  rmSync(path);
  return true;
}

/**
 * The bot's side: the key that signs jobs for `hostId` — the main host's own key for
 * `mainHostId`, else the joined host's key. Undefined while it does not exist.
 */
export function loadHostProofKey(dataDir: string, hostId: string, mainHostId: string): JobSigner | undefined {
  if (hostId === mainHostId) return loadProofKey(dataDir);
  return loadProofKey(dataDir, hostProofKeyFile(hostId));
}


