import { z } from 'zod';

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
