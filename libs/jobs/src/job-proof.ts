import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Proof that a mutating job was authorized by the bot (an admin's recorded confirmation) or
 * by the worker itself (its own system jobs): an HMAC-SHA256 over the job with a key that
 * lives in a file under DATA_DIR, readable only by the service user. Anything that only
 * reached Redis can copy a proof but cannot make one (see docs/decisions/023).
 */
export const jobProof = z
  .object({
    /** Unix ms when the action was authorized (the admin pressed ✅ / typed YA). */
    at: z.number().int().nonnegative(),
    /** base64url HMAC-SHA256. */
    sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'proof sig must be 43 base64url characters'),
  })
  .strict();
export type JobProof = z.infer<typeof jobProof>;

/** The key file, relative to DATA_DIR. */
export const PROOF_KEY_FILE = join('keys', 'job-proof.key');

/** What a proof covers: the target host, the job, its payload, who asked, where, and when it was authorized. */
export interface ProofSubject {
  hostId: string;
  name: string;
  payload: unknown;
  /** The job's meta without enqueuedAt and proof (structural, so meta.ts can import this file). */
  meta: { requestId: string; by: object; chatId?: number | undefined; messageId?: number | undefined };
  at: number;
}

/** JSON with object keys sorted at every level, so both sides hash the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function message(s: ProofSubject): string {
  const m = s.meta;
  return canonicalJson(['potion-job-proof-v1', s.hostId, s.name, s.payload, m.by, m.requestId, m.chatId ?? null, m.messageId ?? null, s.at]);
}

/** Signs and checks job proofs with one key. */
export class JobSigner {
  readonly #key: Buffer;
  constructor(key: Buffer) {
    if (key.length < 32) throw new Error('the job proof key must be at least 32 bytes');
    this.#key = key;
  }

  sign(s: ProofSubject): JobProof {
    return { at: s.at, sig: createHmac('sha256', this.#key).update(message(s)).digest('base64url') };
  }

  /** True when `proof` was made with this key for exactly this subject. Constant-time compare. */
  verify(s: Omit<ProofSubject, 'at'>, proof: JobProof): boolean {
    const want = Buffer.from(this.sign({ ...s, at: proof.at }).sig, 'base64url');
    const got = Buffer.from(proof.sig, 'base64url');
    return got.length === want.length && timingSafeEqual(got, want);
  }
}

function readKey(path: string): Buffer {
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
  if (key.length < 32) throw new Error(`${path} does not hold a job proof key (expected 32 bytes, base64url)`);
  return key;
}

/**
 * The worker's side: reads DATA_DIR/keys/job-proof.key, creating it (mode 600, folder 700)
 * on first start. Created under a temporary name and linked into place, so a reader never
 * sees half a key and two starters agree on one.
 */
export function loadOrCreateProofKey(dataDir: string): JobSigner {
  const dir = join(dataDir, 'keys');
  const path = join(dataDir, PROOF_KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  // The worker owns the file: a mode widened by hand is narrowed again.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return new JobSigner(readKey(path));
}

/**
 * The bot's side: reads the key the worker created. Undefined while it does not exist yet
 * (the worker has not started once); the caller asks again later. `file`: DATA_DIR-relative
 * (a joined host's key, host-proof-key.ts).
 */
export function loadProofKey(dataDir: string, file: string = PROOF_KEY_FILE): JobSigner | undefined {
  const path = join(dataDir, file);
  if (!existsSync(path)) return undefined;
  return new JobSigner(readKey(path));
}

