import { probeAnswer, probeFailure } from '@potion/jobs';
import { whenAgo } from './format.js';
import type { SectionInput } from './home-alerts.js';
import { esc } from './html.js';
import type { Overview, ServiceView } from './overview.js';

/** A unit's state in words, with the class that colours it. */
function stateOf(u: ServiceView): { cls: string; text: string } {
  const sub = (s: string) => (u.sub && u.sub !== s ? ` (${u.sub})` : '');
  if (!u.found) return { cls: 'warn', text: '❓ tidak dikenal systemd (cek SERVICES_WHITELIST)' };
  switch (u.active) {
    case 'active':
      return { cls: 'ok', text: `✅ jalan${sub('running')}` };
    case 'failed':
      return { cls: 'bad', text: `❌ mati${sub('failed')}` };
    case 'inactive':
      return u.stoppedOnPurpose ? { cls: 'muted', text: '⏹️ dihentikan lewat bot' } : { cls: 'warn', text: `⏸️ berhenti${sub('dead')}` };
    case 'activating':
    case 'reloading':
      return { cls: 'warn', text: '⏳ lagi dinyalakan' };
    case 'deactivating':
      return { cls: 'warn', text: '⏳ lagi dimatikan' };
    case 'unknown':
      return { cls: 'warn', text: '❔ tidak terbaca' };
    default:
      return { cls: 'warn', text: `${u.active}${sub('')}` };
  }
}

/**
 * The SERVICE_PROBES check's last answer ("✅ 200 dalam 12 ms", "❌ gak jawab (timeout 3
 * detik)"); null without a probe of the unit (no unit has one: the column is not drawn).
 */
function probeText(u: ServiceView): string | null {
  const p = u.probe;
  if (!p) return null;
  return p.ok ? `✅ ${probeAnswer(p)}` : `❌ gak jawab (${probeFailure(p)})`;
}

/** Whitelisted units with their state, from the newest sample (or 📊 Status). */
export function servicesSection(o: Overview, i: SectionInput): string {
  const sv = o.services;
  if (!sv) {
    const why = o.sample
      ? 'Belum ada layanan yang dipantau. Tambahkan unit-nya di SERVICES_WHITELIST di .env, lalu restart.'
      : 'Belum ada data layanan: worker belum mengambil sampel pertama.';
    return `<section id="layanan"><h2>Layanan</h2><p class="muted">${esc(why)}</p></section>`;
  }
  const probes = sv.list.map(probeText);
  const withProbe = probes.some((p) => p !== null);
  const rows = sv.list.map((u, k) => {
    const s = stateOf(u);
    const probe = withProbe ? `<td>${esc(probes[k] ?? '—')}</td>` : '';
    return `<tr><td><code>${esc(u.unit)}</code></td><td class="${s.cls}">${esc(s.text)}</td>${probe}</tr>`;
  });
  const unread = sv.unread ? `<p class="warn">${esc(sv.unread)}</p>` : '';
  return `<section id="layanan"><h2>Layanan</h2>${unread}<table class="svc">${rows.join('')}</table><p class="muted">Dicek ${esc(whenAgo(sv.at, i.now, i.timezone))}.</p></section>`;
}
