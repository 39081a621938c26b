import { bold, buttons, dayTime, html, isJobName, jobs, joinHtml, showValue, tunableId, TUNABLES, type ActivityEntry, type Html, type JobResult } from '@potion/jobs';
import type { Config } from '@potion/platform';
import { FAMILY_LABELS } from '../../alerts/settings.js';
import { clip } from '../../runtime/format.js';
import type { Present, Presentation } from '../types.js';

/** Characters of markup per message page: well under Telegram's 4096 with the header and footer. */
export const ACTIVITY_PAGE_CHARS = 3000;

/** Indonesian words for the actions the list can hold; anything else shows its job name. */
const WORDS: Partial<Record<string, string>> = {
  'host.reboot': 'reboot server',
  'host.shutdown': 'matikan server',
  'backup.run': 'backup',
  'backup.restore': 'restore backup',
  'backup.prune': 'bersihkan snapshot lama',
  'backup.schedule': 'ubah jadwal backup',
  'update.apt': 'update paket (apt)',
  'update.deps': 'update dependensi proyek',
  'update.git': 'pull repo',
  'settings.set': 'nyalakan/matikan alert',
  'settings.tune': 'ubah ambang alert',
  'health.mute': 'bisukan alert',
};

const OUTCOME: Record<ActivityEntry['outcome'], string> = { ok: '✅', failed: '❌', refused: '⛔', interrupted: '⚠️', started: '⏳' };
const OUTCOME_WORD: Record<ActivityEntry['outcome'], string> = { ok: 'berhasil', failed: 'gagal', refused: 'ditolak', interrupted: 'terputus', started: 'belum ada hasil' };

/** "admin 1001", "viewer 2002", "orang asing 999", "jadwal otomatis", "sistem (battery)". */
export function whoText(who: string, config: Pick<Config, 'adminIds' | 'viewerIds'>): string {
  const tg = /^tg:(-?\d+)$/.exec(who);
  if (tg) {
    const id = Number(tg[1]);
    return `${config.adminIds.includes(id) ? 'admin' : config.viewerIds.includes(id) ? 'viewer' : 'orang asing'} ${id}`;
  }
  if (who.startsWith('scheduler:')) return 'jadwal otomatis';
  if (who.startsWith('system:')) return `sistem (${who.slice('system:'.length)})`;
  return who;
}

/** What was done, in Indonesian, with the payload's detail when the log kept it. */
export function whatText(e: Pick<ActivityEntry, 'action' | 'payload'>): string {
  if (e.action.startsWith('button:')) return `tekan tombol ${e.action.slice('button:'.length)}`;
  if (e.action.startsWith('command:')) return `/${e.action.slice('command:'.length)}`;
  if (e.action.startsWith('menu:')) return `buka menu ${e.action.slice('menu:'.length)}`;
  if (!isJobName(e.action)) return e.action;
  const verb = /^service\.(start|stop|restart)$/.exec(e.action)?.[1];
  const base = WORDS[e.action] ?? (verb ? `${verb} service` : e.action);
  const p = e.payload === undefined ? undefined : jobs[e.action].data.safeParse(e.payload);
  // A typed number the bot refused carries the value's id only.
  const tuned = e.action === 'settings.tune' ? tunableId.safeParse(e.payload?.id) : undefined;
  if (!p?.success) return tuned?.success ? `ubah ${TUNABLES[tuned.data].label}` : base;
  const d = p.data as Record<string, unknown>;
  if (e.action === 'settings.tune') {
    const t = jobs['settings.tune'].data.parse(d);
    return t.value === null ? `${TUNABLES[t.id].label} balik ke default` : `ubah ${TUNABLES[t.id].label} jadi ${showValue(t.id, t.value)}`;
  }
  if (e.action === 'settings.set') {
    const s = jobs['settings.set'].data.parse(d);
    return `alert ${FAMILY_LABELS[s.family]} ${s.enabled ? 'ON' : 'OFF'}`;
  }
  if (e.action === 'health.mute') {
    const m = jobs['health.mute'].data.parse(d);
    return m.minutes === 0 && !m.tomorrow ? `akhiri bisu alert ${m.alertId}` : `bisukan alert ${m.alertId}`;
  }
  if (e.action === 'backup.schedule') return `ubah jadwal backup jadi ${String(d.time)}`;
  if (typeof d.unit === 'string') return `${verb ?? base} ${d.unit}`;
  if (typeof d.snapshot === 'string') return `${base} ${d.snapshot}`;
  return base;
}

function entryText(e: ActivityEntry, config: Config): Html {
  const head = html`${OUTCOME[e.outcome]} ${dayTime(e.at, config.timezone)} · ${bold(whoText(e.who, config))}${e.outcome === 'ok' ? '' : ` · ${OUTCOME_WORD[e.outcome]}`}`;
  const why = e.error && e.outcome !== 'ok' ? ` (${clip(e.error, 80)})` : '';
  return html`${head}\n   ${clip(whatText(e), 120)}${why}`;
}

/** The entries split into pages of at most ACTIVITY_PAGE_CHARS of markup each. */
export function activityPages(entries: readonly ActivityEntry[], config: Config, budget = ACTIVITY_PAGE_CHARS): Html[][] {
  const pages: Html[][] = [[]];
  let used = 0;
  for (const e of entries) {
    const t = entryText(e, config);
    const len = t.markup.length + 1;
    if (used + len > budget && pages.at(-1)!.length > 0) {
      pages.push([]);
      used = 0;
    }
    pages.at(-1)!.push(t);
    used += len;
  }
  return pages;
}

/** 📜 Aktivitas: who did what, when (TIMEZONE), and how it ended; ◀️ ▶️ when it needs more than one message. */
export const presentActivity: Present<'settings.activity'> = (r, d, { config }) => {
  if (r.entries.length === 0) {
    return { text: r.readable ? '📜 Belum ada aksi yang tercatat di actions.log.' : '📜 actions.log gak kebaca (cek izin folder LOG_DIR). Detailnya ada di runtime.log.', raw: true };
  }
  const pages = activityPages(r.entries, config);
  const n = Math.min(d.page, pages.length - 1);
  const header = html`📜 ${bold('Aktivitas terakhir')} (${r.entries.length} aksi, terbaru di atas, jam ${config.timezone})`;
  const footer = pages.length > 1 ? [`Halaman ${n + 1}/${pages.length}`] : [];
  const nav: Presentation['buttons'] = [];
  const row = [];
  if (n > 0) row.push({ text: '◀️ Lebih baru', data: buttons.tune.build({ kind: 'activity', page: n - 1 }) });
  if (n < pages.length - 1) row.push({ text: 'Lebih lama ▶️', data: buttons.tune.build({ kind: 'activity', page: n + 1 }) });
  if (row.length) nav.push(row);
  const warn = r.readable ? [] : ['', '⚠️ Sebagian actions.log gak kebaca: daftar ini mungkin kurang.'];
  return { text: joinHtml([header, '', ...pages[n]!, ...warn, ...(footer.length ? ['', ...footer] : [])]), ...(nav.length ? { buttons: nav } : {}), raw: true };
};
