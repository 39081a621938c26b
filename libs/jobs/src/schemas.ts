import { z } from 'zod';
import { hasUnsafeText } from './plain-text.js';
import { unitName } from '@potion/platform';

export { unitName };

/** A Telegram user or chat id. */
export const telegramId = z.number().int().safe();

/**
 * A word the user typed to search logs. It is matched literally (indexOf), never as a regex
 * or shell text, so metacharacters are fine; only what cannot be a search word is refused:
 * control characters, bidi overrides/isolates/marks (the word is shown back to the user),
 * invalid UTF-8 (lone surrogates, U+FFFD), and more than 100 characters.
 */
export const searchWord = z
  .string()
  .min(1, 'search word is empty')
  .max(100, 'search word is longer than 100 characters')
  .refine((s) => s.trim().length > 0, 'search word is only spaces')
  .refine((s) => !hasUnsafeText(s), 'search word has control or bidi characters, or invalid UTF-8');

/** Where logs come from: the app's runtime.log, one whitelisted unit's journal, or the kernel. */
export const logSource = z.enum(['runtime', 'journal', 'dmesg']);

/** A host name or IP address for ping: no leading "-", no spaces, at most 253 characters. */
export const hostTarget = z
  .string()
  .max(253, 'host name is longer than 253 characters')
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|[0-9a-fA-F:.]{2,45})$/, 'not a host name or IP address');
