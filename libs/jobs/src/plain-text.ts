/**
 * Characters that must never come back to a user (or into a log a human reads) from text
 * someone typed: C0/C1 controls (newlines, escapes, bell), the bidi embeddings, overrides,
 * isolates and marks (U+202E turns "gnp.exe" around so it reads as "exe.png"), the line and
 * paragraph separators, and U+FFFD (what invalid UTF-8 decodes to). A zero-width joiner
 * stays: emoji sequences need it.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]/g;
/** Lone UTF-16 surrogates: what a string decoded from invalid UTF-8 bytes can carry. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when the text holds a control, bidi or separator character, or broken UTF-16. */
export function hasUnsafeText(s: string): boolean {
  return UNSAFE.test(s) || LONE_SURROGATE.test(s);
}

/**
 * Typed text made safe to echo: the unsafe characters above removed, then cut to at most
 * `max` characters (code points, so an emoji is never split in half).
 */
export function plainText(s: string, max = Number.MAX_SAFE_INTEGER): string {
  const clean = s.replace(UNSAFE_ALL, '').replace(LONE_SURROGATE_ALL, '');
  const points = Array.from(clean);
  return points.length > max ? points.slice(0, max).join('') : clean;
}
