import type { JobPayloadError } from './errors.js';
import { texts } from './texts.js';

const FIELD_TEXT: Record<string, string> = {
  unit: 'nama service tidak valid (contoh yang benar: n8n.service; tanpa spasi, tanpa "/", tidak diawali "-")',
  word: 'kata pencarian tidak valid (1-100 huruf, tanpa karakter kontrol)',
  target: 'alamat host tidak valid (contoh: 1.1.1.1 atau google.com)',
  source: 'sumber log tidak dikenal (pilih runtime, journal, atau dmesg)',
  lines: 'jumlah baris harus 1-200',
  count: 'jumlah ping harus 1-10',
};

/**
 * What the user reads when a payload fails the registry's schema (a hand-made job, a bad
 * button, hostile text): which field, in Indonesian, without echoing the hostile value.
 */
export function payloadErrorText(err: JobPayloadError): string {
  const fields = [...new Set(err.issues.map((i) => i.split(/[.:]/)[0] ?? ''))];
  const parts = fields.map((f) => FIELD_TEXT[f]).filter((t): t is string => t !== undefined);
  return texts.invalidRequest(parts.length ? parts.join('; ') : 'isi permintaannya tidak sesuai format');
}
