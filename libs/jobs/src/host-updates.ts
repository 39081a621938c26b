import { z } from 'zod';

/**
 * The pending security updates, as the hourly health.updates job (and update.apt after an
 * upgrade) last counted them with `apt-get -s dist-upgrade`: 📊 Status and the daily digest
 * read this record instead of running apt on a press.
 */
export const securityUpdates = z.object({
  /** Unix ms of the count. */
  at: z.number().int(),
  /** Packages from a security archive ("…-security"); absent when apt could not be read. */
  count: z.number().int().nonnegative().optional(),
  /** Their names, the first few. */
  packages: z.array(z.string()).default([]),
  /** Why apt could not be read, casual Indonesian ("\"apt-get\" gagal (kode 100): …"). */
  unread: z.string().optional(),
});
export type SecurityUpdates = z.infer<typeof securityUpdates>;

/** `/var/run/reboot-required` (REBOOT_REQUIRED_FILE) and the packages in its `.pkgs` file. */
export const rebootRequired = z.object({ required: z.boolean(), packages: z.array(z.string()) });
export type RebootRequired = z.infer<typeof rebootRequired>;
