import { PENDING_JOB_RE, REQUEST_ID_RE, REQUESTER_NAME_MAX, type JobMeta } from './meta.js';

/**
 * The meta fields the fast check knows (every field of `jobMeta` but `proof`, which it leaves
 * to zod). meta-check.test.ts fails when the schema gains a field that is not listed here.
 */
export const PLAIN_META_FIELDS = ['requestId', 'by', 'chatId', 'messageId', 'pendingJob', 'enqueuedAt'] as const;

export const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Own enumerable keys, counted without an array (anything inherited counts as too many). */
export function keyCount(o: Record<string, unknown>): number {
  let n = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) return -1;
    n += 1;
  }
  return n;
}

function plainRequester(by: unknown): boolean {
  if (!isPlain(by) || keyCount(by) !== 2) return false;
  if (by.kind === 'telegram') return Number.isSafeInteger(by.userId);
  if (by.kind !== 'scheduler' && by.kind !== 'system') return false;
  const name = by.name;
  return typeof name === 'string' && name.length >= 1 && name.length <= REQUESTER_NAME_MAX;
}

/**
 * The meta of an everyday job checked without zod: `meta` itself when it is a plain object (as
 * JSON.parse makes it) holding only known fields, each valid, and no proof; undefined for
 * anything else, which `parseMeta` then gives to the `jobMeta` schema (the one definition: a
 * meta taken here is one that zod accepts and would return unchanged, see meta-check.test.ts).
 * zod's parse of the meta was the largest part of the worker's wrapper per read job
 * (docs/decisions/055).
 */
export function plainMeta(meta: unknown): JobMeta | undefined {
  if (!isPlain(meta)) return undefined;
  let fields = 3;
  const { requestId, enqueuedAt, chatId, messageId, pendingJob } = meta;
  if (typeof requestId !== 'string' || !REQUEST_ID_RE.test(requestId)) return undefined;
  if (!Number.isSafeInteger(enqueuedAt) || (enqueuedAt as number) < 0) return undefined;
  if (!plainRequester(meta.by)) return undefined;
  if (chatId !== undefined) {
    if (!Number.isSafeInteger(chatId)) return undefined;
    fields += 1;
  }
  if (messageId !== undefined) {
    if (!Number.isSafeInteger(messageId) || (messageId as number) <= 0) return undefined;
    fields += 1;
  }
  if (pendingJob !== undefined) {
    if (typeof pendingJob !== 'string' || !PENDING_JOB_RE.test(pendingJob)) return undefined;
    fields += 1;
  }
  // Nothing else (an unknown key zod would strip, a proof, a key set to undefined): zod decides.
  return keyCount(meta) === fields ? (meta as JobMeta) : undefined;
}
