import { createHash, createHmac, scryptSync, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'potion_session';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Constant-time password check: both sides are hashed first, so the comparison takes the
 * same time whatever the length or the first differing character of the guess.
 */
export function passwordMatches(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** Salt of the key derivation; changing it logs every session out. */
const KEY_SALT = 'potion-dashboard-session-v2';

/**
 * Signed sessions: the cookie holds its expiry and an HMAC of the expiry and the current
 * session generation (kept in Redis, see SessionGeneration), keyed by a key derived from the
 * password with scrypt (slow to guess from a stolen cookie). A new password or a new
 * generation (logout) makes every cookie issued before invalid, copies included.
 */
export class SessionSigner {
  readonly #key: Buffer;
  constructor(password: string) {
    this.#key = scryptSync(password, KEY_SALT, 32);
  }

  issue(expiresAtMs: number, generation: string): string {
    const exp = String(Math.floor(expiresAtMs / 1000));
    return `${exp}.${this.#sign(exp, generation)}`;
  }

  valid(value: string | undefined, nowMs: number, generation: string): boolean {
    if (!value) return false;
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!m) return false;
    const [, exp, sig] = m as unknown as [string, string, string];
    const good = Buffer.from(this.#sign(exp, generation));
    const given = Buffer.from(sig);
    if (given.length !== good.length || !timingSafeEqual(given, good)) return false;
    return Number(exp) * 1000 > nowMs;
  }

  /** A tag tying a generation to this password (stored beside it, so a password change is noticed). */
  owns(generation: string): string {
    return createHmac('sha256', this.#key).update(`owner:${generation}`).digest('base64url');
  }

  #sign(exp: string, generation: string): string {
    return createHmac('sha256', this.#key).update(`${generation}.${exp}`).digest('base64url');
  }
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The password from an Authorization header, for scripts and Prometheus:
 * `Bearer <password>` or `Basic base64(anyuser:<password>)`.
 */
export function passwordFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1]!.trim();
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}
