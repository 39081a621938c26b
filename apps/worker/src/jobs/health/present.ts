import { clock, dayTime, duration, size, dayMonth, type HostSample, type UnreadPart } from '@potion/jobs';
import type { RebootRequired, SecurityUpdates } from '@potion/jobs';
import { securityTexts } from '../../alerts/security-texts.js';
import { PART, unreadLine } from '../../runtime/parts.js';
import type { Present } from '../types.js';
import { rebootButton } from '../host/buttons.js';
import { rebootLine, securityLine } from '../status/updates-lines.js';

const DAY_MS = 24 * 3600_000;

export interface AlertLogEntry {
  at: number;
  id: string;
  label: string;
  event: 'fire' | 'remind' | 'recover';
  sent: boolean;
}

export interface DigestInput {
  now: number;
  timezone: string;
  hddMount: string;
  /** The newest sample (uptime, disks). */
  latest: HostSample | undefined;
  /** The sample history, newest first (one per minute). */
  history: readonly HostSample[];
  alerts: readonly AlertLogEntry[];
  lastBackup: { finishedAt: number; snapshot: string; status: 'ok' | 'partial' } | undefined;
  lastVerify: { at: number; snapshot: string; ok: boolean } | undefined;
  /** Active mutes (id, end). */
  mutes: readonly { id: string; until: number }[];
  /** The last count of pending security updates; undefined before the first one. */
  securityUpdates?: SecurityUpdates | undefined;
  /** The reboot marker; undefined when it could not be read (then in `unread`). */
  rebootRequired?: RebootRequired | undefined;
  /** "☁️ Off-site terakhir: ..." (or that it is not set up). Default: no line. */
  offsite?: string | undefined;
  /** SSH logins, failed logins, sudo and kernel events of keys.securityEvents, newest first. Default none. */
  security?: readonly { at: number; kind: string; user?: string; ref?: string }[];
  /** Parts that could not be read (the sample when none is stored and sampling failed). Default none. */
  unread?: readonly UnreadPart[];
  /** Main host: the other hosts not heard from (name, newest heartbeat). Default none. */
  silentHosts?: readonly { name: string; lastHeard: number }[];
}

/**
 * Units that came back to `active` after being something else, within the window, with
 * counts (pure). "unknown" (systemctl did not answer) is no state: a unit is compared with
 * the last state that was read, so a systemctl hiccup is not a restart.
 */
export function serviceRestarts(history: readonly HostSample[], since: number): Map<string, number> {
  const out = new Map<string, number>();
  const lastKnown = new Map<string, string>();
  const oldestFirst = [...history].filter((s) => s.at >= since).sort((a, b) => a.at - b.at);
  for (const sample of oldestFirst) {
    for (const svc of sample.services) {
      if (svc.active === 'unknown') continue;
      const was = lastKnown.get(svc.unit);
      if (was !== undefined && was !== 'active' && svc.active === 'active') out.set(svc.unit, (out.get(svc.unit) ?? 0) + 1);
      lastKnown.set(svc.unit, svc.active);
    }
  }
  return out;
}

/** Change of each disk's use over the window: oldest sample in it vs the newest (pure). */
export function diskTrend(history: readonly HostSample[], latest: HostSample | undefined, since: number): { mount: string; nowPercent: number; deltaPercent: number | null; freeBytes: number }[] {
  if (!latest) return [];
  const inWindow = history.filter((s) => s.at >= since);
  const oldest = inWindow.length ? inWindow.reduce((a, b) => (a.at <= b.at ? a : b)) : undefined;
  return latest.disks
    .filter((d) => d.mounted)
    .map((d) => {
      const then = oldest?.disks.find((o) => o.mount === d.mount && o.mounted);
      return { mount: d.mount, nowPercent: d.usePercent, deltaPercent: then && oldest !== latest ? d.usePercent - then.usePercent : null, freeBytes: d.sizeBytes - d.usedBytes };
    });
}

/** "🔐 24 jam terakhir: 2 login SSH (alice, budi), 14 login gagal, 1 sudo oleh orang." (pure). */
export function securityDigestLine(events: readonly { at: number; kind: string; user?: string; ref?: string }[], since: number): string {
  // An entry read twice (its cursor was lost) is logged twice with the same ref.
  const byRef = new Map(events.filter((e) => e.at >= since).map((e, i) => [e.ref ?? `#${i}`, e]));
  const day = [...byRef.values()].sort((a, b) => a.at - b.at);
  const of = (k: string) => day.filter((e) => e.kind === k);
  const logins = of('login');
  return securityTexts.digest({ logins: logins.length, users: [...new Set(logins.map((e) => e.user ?? '?'))], failed: of('failed').length, sudo: of('sudo').length, kernel: of('kernel').length });
}

const sign = (n: number) => (n > 0 ? `+${n.toFixed(1)}` : n.toFixed(1));

/** The daily digest text, casual Indonesian (pure). */
export function digestText(i: DigestInput): string {
  const since = i.now - DAY_MS;
  const lines: string[] = [`☀️ Ringkasan harian server (${dayMonth(i.now, i.timezone)})`];
  const sampleUnread = i.unread?.find((u) => u.part === PART.digestSample);
  lines.push(i.latest ? `⏱️ Nyala terus ${duration(i.latest.uptimeSec * 1000)}.` : sampleUnread ? unreadLine(sampleUnread) : '⏱️ Belum ada sampel: worker baru mulai.');

  const fired = i.alerts.filter((a) => a.at >= since && a.event === 'fire');
  if (fired.length === 0) lines.push('✅ Tidak ada alert dalam 24 jam terakhir.');
  else {
    lines.push(`🚨 Alert 24 jam terakhir: ${fired.length}`);
    for (const a of [...fired].sort((x, y) => x.at - y.at).slice(-10)) {
      const back = i.alerts.find((r) => r.id === a.id && r.event === 'recover' && r.at >= a.at);
      lines.push(`• ${clock(a.at, i.timezone)} ${a.label}${a.sent ? '' : ' (dibisukan)'}${back ? ` → normal ${clock(back.at, i.timezone)}` : ' → masih berlangsung'}`);
    }
  }

  if (!i.lastBackup) lines.push('💾 Belum ada backup yang berhasil. Jalankan 💾 Backup → Backup sekarang.');
  else {
    const b = i.lastBackup;
    const age = duration(i.now - b.finishedAt);
    const verified = i.lastVerify && i.lastVerify.snapshot === b.snapshot ? (i.lastVerify.ok ? 'terverifikasi ✅' : 'verifikasi GAGAL ❌ (cek 💾 Backup → Verifikasi)') : 'belum diverifikasi';
    lines.push(`💾 Backup terakhir ${age} lalu (${b.snapshot}${b.status === 'partial' ? ', sebagian file terlewat' : ''}), ${verified}.`);
    if (i.now - b.finishedAt > 36 * 3600_000) lines.push('   ⚠️ Sudah lebih dari sehari tanpa backup: cek apakah HDD terpasang.');
  }
  if (i.offsite) lines.push(i.offsite);

  for (const d of diskTrend(i.history, i.latest, since)) {
    const name = d.mount === '/' ? 'Disk /' : `HDD (${d.mount})`;
    lines.push(`💽 ${name}: ${d.nowPercent.toFixed(0)}% terpakai, sisa ${size(d.freeBytes)}${d.deltaPercent === null ? '' : ` (${sign(d.deltaPercent)}% dalam 24 jam)`}.`);
  }

  lines.push(securityDigestLine(i.security ?? [], since));

  const restarts = serviceRestarts(i.history, since);
  if (restarts.size > 0) lines.push(`🔄 Service yang sempat mati lalu jalan lagi: ${[...restarts].map(([u, n]) => (n > 1 ? `${u} (${n}x)` : u)).join(', ')}.`);
  lines.push(...securityLine(i.securityUpdates, { always: true }), ...rebootLine(i.rebootRequired));
  if (i.latest?.servicesUnread !== undefined) lines.push(unreadLine({ part: PART.services, why: i.latest.servicesUnread }));
  for (const u of i.unread ?? []) if (u !== sampleUnread) lines.push(unreadLine(u));

  const silent = i.silentHosts ?? [];
  if (silent.length > 0) lines.push(`🔌 Server yang tidak terdengar: ${silent.map((h) => `${h.name} (sejak ${i.now - h.lastHeard < DAY_MS ? clock(h.lastHeard, i.timezone) : dayTime(h.lastHeard, i.timezone)})`).join(', ')}.`);

  const mutes = i.mutes.filter((m) => m.until > i.now);
  if (mutes.length > 0) lines.push(`🔕 Masih dibisukan: ${mutes.map((m) => `${m.id === 'all' ? 'semua alert' : m.id} s/d ${clock(m.until, i.timezone)}`).join(', ')}.`);

  lines.push('', 'Pesan ini dikirim tanpa bunyi tiap hari sebagai tanda server masih hidup. Kalau besok tidak datang, cek laptopnya ya.');
  return lines.join('\n');
}

export const presentSample: Present<'health.sample'> = (s) => ({ text: `sampel diambil dalam ${s.tookMs} ms` });

export const presentHeartbeat: Present<'health.heartbeat'> = (r) => ({ text: `heartbeat ${new Date(r.at).toISOString()}` });

export const presentHosts: Present<'health.hosts'> = (r) => ({ text: r.silent.length ? `tidak terdengar: ${r.silent.join(', ')} (dari ${r.checked} server lain)` : `${r.checked} server lain terdengar semua` });

export const presentMute: Present<'health.mute'> = (r) => ({ text: r.message });

export const presentMuteEnds: Present<'health.muteEnds'> = (r) => ({ text: r.ended.length ? `bisukan selesai: ${r.ended.map((m) => m.alertId).join(', ')}` : 'tidak ada bisukan yang selesai' });

export const presentBiggest: Present<'disk.biggest'> = (r) => ({
  text: [
    `📂 Folder paling besar di ${r.mount}${r.totalBytes !== null ? ` (total ${size(r.totalBytes)})` : ''}:`,
    ...(r.entries.length ? r.entries.map((e, i) => `${i + 1}. ${size(e.bytes)}  ${e.path}`) : ['(kosong)']),
    ...(r.partial ? ['', 'Catatan: sebagian folder tidak bisa dibaca (butuh izin root), jadi angkanya bisa lebih kecil dari aslinya.'] : []),
    '',
    'Hapus yang tidak perlu lewat SSH ya; aku sengaja tidak menghapus apa-apa sendiri.',
  ].join('\n'),
  raw: true,
});

// The digest and the biggest folders are readings: no PRD §21 "Beres!" (raw).
export const presentDigest: Present<'health.digest'> = (r) => ({ text: r.text, raw: true, ...(r.rebootRequired ? { buttons: [[rebootButton()]] } : {}) });
