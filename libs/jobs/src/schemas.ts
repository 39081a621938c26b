import { z } from 'zod';
import { hasUnsafeText } from './plain-text.js';

/**
 * A systemd unit name as the worker accepts it: starts with a letter or digit (so it can
 * never be read as an option such as `-H`), no slash (no paths), no spaces or shell
 * metacharacters, and an explicit unit type suffix. Membership of the whitelist is
 * checked separately, by exact name, in the worker.
 */
export const unitName = z
  .string()
  .max(200, 'unit name is longer than 200 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9:_.@-]*\.(service|timer|socket|target|mount|path)$/,
    'not a systemd unit name (expected something like "n8n.service": letters, digits, ":_.@-", no leading "-", no "/" or spaces)',
  );

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
