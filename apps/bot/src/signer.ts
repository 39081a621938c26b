import { loadHostProofKey, loadProofKey, type JobSigner } from '@potion/jobs';
import type { Logger } from '@potion/platform';

export interface HostSignersOptions {
  dataDir: string;
  /** The bot's own HOST_ID: its worker's key is DATA_DIR/keys/job-proof.key. */
  ownHost: string;
  log: Logger;
}

/**
 * `signerFor(hostId)`: the job-proof key a confirmed mutating job for that host is signed with.
 * The own host's key is the one its worker creates under DATA_DIR; another host's is
 * DATA_DIR/keys/job-proof@<host>.key when the join left one there, else none (its worker then
 * refuses the job). Read when first needed, since a worker may start after the bot.
 */
export function hostSigners(opts: HostSignersOptions): (hostId: string) => JobSigner | undefined {
  const cache = new Map<string, JobSigner>();
  return (hostId) => {
    const known = cache.get(hostId);
    if (known) return known;
    let signer: JobSigner | undefined;
    try {
      signer = hostId === opts.ownHost ? loadProofKey(opts.dataDir) : loadHostProofKey(opts.dataDir, hostId);
    } catch (err) {
      opts.log.error({ err, hostId }, 'cannot read the job proof key; confirmed actions on this host will be refused by its worker');
    }
    if (signer) cache.set(hostId, signer);
    else opts.log.warn({ dataDir: opts.dataDir, hostId }, 'no job proof key for this host yet (its worker creates it on its first start)');
    return signer;
  };
}
