import { hasUnsafeText } from '@potion/jobs';

const BASE = 'http://dashboard.invalid';
/** How many rounds of percent-decoding are looked through (`%2509` is a tab encoded twice). */
const DECODE_ROUNDS = 3;

/** The value decoded until it stops changing; undefined when it is not valid percent-encoding. */
function decoded(value: string): string | undefined {
  let out = value;
  for (let i = 0; i < DECODE_ROUNDS; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(out);
    } catch {
      return undefined;
    }
    if (next === out) break;
    out = next;
  }
  return out;
}

/** A path on this site: one leading `/`, then no `/` or `\` right after it, no `\` at all, nothing invisible. */
function isLocalPath(s: string): boolean {
  return s.startsWith('/') && !s.startsWith('//') && !s.includes('\\') && !hasUnsafeText(s) && !/^\/\s/.test(s);
}

/**
 * Where the login may send the browser afterwards: a path on this dashboard, or `/`.
 * Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` and
 * `/\evil.example` mean `//evil.example`, another site. The value is checked as given and
 * after decoding, and the URL parser must agree that it stays on this origin.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return '/';
  const plain = decoded(next);
  if (plain === undefined || !isLocalPath(next) || !isLocalPath(plain)) return '/';
  const url = new URL(next, BASE);
  return url.origin === BASE ? next : '/';
}
