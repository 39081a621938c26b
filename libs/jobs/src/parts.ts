import { z } from 'zod';

/**
 * One part of an answer built from several (Status, Detail, the service list, the digest)
 * that could not be read: the worker shows "⚠️ <part>: gak kebaca (<why>)" for it and the
 * rest of the answer as usual.
 */
export const unreadPart = z.object({
  /** What the user would have seen, casual Indonesian: "Status layanan", "Memori". */
  part: z.string(),
  /** Why, in a few casual words: "systemd gak jalan di mesin ini". */
  why: z.string(),
});
export type UnreadPart = z.infer<typeof unreadPart>;

/** Every part an answer could not read; empty when all were read. */
export const unreadParts = z.array(unreadPart).default([]);
