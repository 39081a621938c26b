import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'potion_session';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Constant-time password check: both sides are hashed first, so the comparison takes the
 * same time whatever the length or the first differing character of the guess.
 */
export function passwordMatches(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/**
 * Stateless sessions: the cookie holds its expiry and an HMAC of it, keyed by a key derived
 * from the password. Nothing to store, a dashboard restart keeps people logged in, and
 * changing the password logs every session out.
 */
export class SessionSigner {
  readonly #key: Buffer;
  constructor(password: string) {
    this.#key = createHmac('sha256', password).update('potion-dashboard-session-v1').digest();
  }

  issue(expiresAtMs: number): string {
    const exp = String(Math.floor(expiresAtMs / 1000));
    return `${exp}.${this.#sign(exp)}`;
  }

  valid(value: string | undefined, nowMs: number): boolean {
    if (!value) return false;
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!m) return false;
    const [, exp, sig] = m as unknown as [string, string, string];
    const good = Buffer.from(this.#sign(exp));
    const given = Buffer.from(sig);
    if (given.length !== good.length || !timingSafeEqual(given, good)) return false;
    return Number(exp) * 1000 > nowMs;
  }

  #sign(exp: string): string {
    return createHmac('sha256', this.#key).update(exp).digest('base64url');
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
