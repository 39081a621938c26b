import { localTime, whenAgo } from './format.js';
import { esc } from './html.js';
import type { Alert } from './overview.js';

export interface SectionInput {
  now: number;
  timezone: string;
}

/** The alert's text for HTML: escaped, `code` spans (the worker's texts use them) as <code>. */
export function alertTextHtml(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const ms = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);

/** Where the alert stands, as a person says it. */
function stateWords(a: Alert, i: SectionInput): string[] {
  const r = a.record;
  const out: string[] = [];
  if (r?.status === 'pending') out.push('baru terdeteksi, belum dikirim ke Telegram (nunggu kondisinya bertahan dulu)');
  if (r?.status === 'firing') out.push('sudah dikabari lewat Telegram');
  if (r?.status === 'recovering') {
    out.push(r.clearSince !== undefined ? `sudah membaik sejak ${localTime(r.clearSince, i.now, i.timezone)}, nunggu stabil dulu` : 'sudah membaik, nunggu stabil dulu');
  }
  if (a.mutedUntil !== null && a.mutedUntil > i.now) out.push(`🔕 dibisukan sampai ${localTime(a.mutedUntil, i.now, i.timezone)}`);
  return out;
}

/** One open alert: the sentence the bot sent, then since when ("sejak 14:02, 3 jam lalu") and its state. */
function alertItem(a: Alert, i: SectionInput): string {
  const text = a.record?.text || a.fields.text || a.record?.label || a.fields.label || `Alert ${a.id}`;
  const since = a.record?.since ?? ms(a.fields.since);
  const meta = [since !== null ? `Sejak ${whenAgo(since, i.now, i.timezone)}` : null, ...stateWords(a, i)].filter((v): v is string => v !== null);
  const cls = a.record?.status === 'recovering' ? 'warn' : 'bad';
  const metaHtml = meta.length > 0 ? `<br><span class="muted">${esc(meta.join(' · '))}</span>` : '';
  return `<li class="alert"><span class="${cls}">${alertTextHtml(text)}</span>${metaHtml}</li>`;
}

/** Open alerts as sentences, the oldest first; a calm line when there is none. */
export function alertsSection(alerts: readonly Alert[], i: SectionInput): string {
  const open = alerts.filter((a) => a.open).sort((a, b) => (a.record?.since ?? Infinity) - (b.record?.since ?? Infinity));
  if (open.length === 0) return `<section id="alert"><h2>Alert</h2><p class="ok">✔ Aman, tidak ada alert yang terbuka.</p></section>`;
  return `<section id="alert"><h2>Alert terbuka (${open.length})</h2><ul class="alerts">${open.map((a) => alertItem(a, i)).join('')}</ul></section>`;
}
