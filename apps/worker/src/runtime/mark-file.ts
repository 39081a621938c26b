import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { classifyFailure } from './retry-policy.js';

/** A small JSON mark the worker leaves for its next start: its value, or why it could not be read. */
export interface MarkRead<T> {
  /** Absent when there is no mark, or when it could not be read. */
  value?: T;
  /** Why a mark that is there could not be read ("isinya rusak", "gak ada izin baca"). */
  unread?: string;
}

/**
 * Reads a mark file. No file is an answer (no mark); a file that is there but cannot be read
 * or does not parse is not: the caller says so instead of guessing what it held.
 */
export async function readMarkFile<T>(path: string, schema: z.ZodType<T>): Promise<MarkRead<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return {};
    return { unread: classifyFailure(err).why };
  }
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? { value: r.data } : { unread: 'isinya rusak' };
  } catch {
    return { unread: 'isinya rusak' };
  }
}
