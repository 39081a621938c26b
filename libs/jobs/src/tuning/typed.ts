import { z } from 'zod';
import { plainText } from '../plain-text.js';
import { showRange } from './apply.js';
import { TUNABLES, type TunableId } from './catalog.js';

/** How many characters of what was typed the error repeats. */
const ECHO_MAX = 20;

/**
 * The number typed after "✏️ Ketik angka": a whole number in the value's unit, the unit
 * itself may follow ("85", "85%", "300 detik", "500mb"). Each failure carries the reason
 * the user reads.
 */
export function typedValue(id: TunableId) {
  const t = TUNABLES[id];
  const unit = t.unit.toLowerCase();
  return z
    .string()
    .transform((s) => {
      const trimmed = s.trim().toLowerCase();
      return (trimmed.endsWith(unit) ? trimmed.slice(0, -unit.length) : trimmed).trim();
    })
    .pipe(z.string().regex(/^\d{1,9}$/, { error: 'bukan angka bulat' }))
    .transform(Number)
    .pipe(z.number().min(t.min, { error: 'kekecilan' }).max(t.max, { error: 'kegedean' }));
}

export type TypedOutcome = { ok: true; value: number } | { ok: false; reason: string; text: string };

/**
 * Reads a typed value for `id`. On failure `text` is the Indonesian answer, which always
 * names the allowed range: `❌ "150" kegedean. Batas CPU harus angka bulat 1–100%. ...`.
 */
export function parseTyped(id: TunableId, typed: string): TypedOutcome {
  const r = typedValue(id).safeParse(typed);
  if (r.success) return { ok: true, value: r.data };
  const reason = r.error.issues[0]?.message ?? 'bukan angka bulat';
  const t = TUNABLES[id];
  const example = t.presets[Math.floor(t.presets.length / 2)] ?? t.min;
  const echo = plainText(typed.trim(), ECHO_MAX) || '(kosong)';
  return {
    ok: false,
    reason,
    text: `❌ "${echo}" ${reason}. ${t.label} harus angka bulat ${showRange(id)}. Ketik lagi ya, misalnya ${example}.`,
  };
}
