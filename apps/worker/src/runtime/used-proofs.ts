import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A proof is accepted for this long after its authorization (a job may wait behind a long restore). */
export const PROOF_MAX_AGE_MS = 24 * 3600_000;
/** Clock difference between the bot and the worker that is still accepted. */
export const PROOF_MAX_SKEW_MS = 5 * 60_000;

/**
 * The proofs the worker already ran, so a copied job (from the completed list, re-added by
 * anything that reaches Redis) runs at most once. Kept in a file under DATA_DIR, not in
 * Redis: a Redis writer could delete a Redis record and replay. Lines "<at> <sig>", kept
 * for PROOF_MAX_AGE_MS (older proofs are refused as expired anyway).
 */
export class UsedProofs {
  readonly #seen = new Map<string, number>();
  constructor(private readonly path: string, now: number) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const [at, sig] = line.split(' ');
        if (sig && Number(at) > now - PROOF_MAX_AGE_MS - PROOF_MAX_SKEW_MS) this.#seen.set(sig, Number(at));
      }
    }
    this.#compact();
  }

  /** Records the proof; false when it was used before. Throws when the record cannot be written (the job is then refused). */
  consume(sig: string, at: number, now: number): boolean {
    if (this.#seen.has(sig)) return false;
    appendFileSync(this.path, `${at} ${sig}\n`, { mode: 0o600 });
    this.#seen.set(sig, at);
    if (this.#seen.size > 2000) this.#prune(now);
    return true;
  }

  #prune(now: number): void {
    for (const [sig, at] of this.#seen) if (at <= now - PROOF_MAX_AGE_MS - PROOF_MAX_SKEW_MS) this.#seen.delete(sig);
    this.#compact();
  }

  #compact(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, [...this.#seen].map(([sig, at]) => `${at} ${sig}\n`).join(''), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
