import { z } from 'zod';

/** Unix ms as the worker writes it into a hash field: digits only. */
const msText = z
  .string()
  .regex(/^\d+$/)
  .transform((v) => Number(v));

/**
 * The fields of an alert hash (`keys.alert(id)`) a reader outside the worker needs: what the
 * user was told (`text`, already a sentence in Indonesian), since when, and where the alert
 * stands. The worker writes more (reminders, notified, sinceIso); they are not part of this.
 */
export const alertRecord = z.object({
  id: z.string().min(1),
  family: z.string(),
  /** pending: seen, not yet sent; firing: sent; recovering: clear, waiting to be sure. */
  status: z.enum(['pending', 'firing', 'recovering']),
  since: msText,
  firedAt: msText.optional(),
  clearSince: msText.optional(),
  label: z.string(),
  text: z.string(),
});
export type AlertRecord = z.infer<typeof alertRecord>;
