import { bold, buttons, duration, html, joinHtml, showRange, showValue, texts, TUNABLES, TUNE_GROUP_LABELS, type Html, type JobResult, type TunableId } from '@potion/jobs';
import type { Present, Presentation } from '../types.js';

type Page = JobResult<'settings.thresholds'>;
type Buttons = NonNullable<Presentation['buttons']>;

/** Preset values per row of buttons (short labels: five fit a phone's width). */
const PER_ROW = 4;

/** A preset's button label: "80%", "5 menit", "500 MB". */
function short(id: TunableId, v: number): string {
  const unit = TUNABLES[id].unit;
  if (unit === 'detik') return duration(v * 1000);
  if (unit === 'menit') return duration(v * 60_000);
  return showValue(id, v);
}

/** "• Batas CPU: 80% (default 90%)" or "• Batas CPU: 90% (default)". */
function valueLine(v: Page['values'][number]): Html {
  const t = TUNABLES[v.id];
  const shown = v.value === v.default ? html`${bold(showValue(v.id, v.value))} (default)` : html`${bold(showValue(v.id, v.value))} ✏️ (default ${showValue(v.id, v.default)})`;
  return html`• ${t.label}: ${shown}\n   <i>${t.hint}</i>`;
}

/** The page of a group: every value with its default and unit, a button per value. */
export function groupPage(p: Page): Presentation {
  const text = joinHtml([html`📏 Ambang alert · ${TUNE_GROUP_LABELS[p.group]}`, '', ...p.values.map(valueLine), '', 'Pilih yang mau diubah 👇']);
  const rows: Buttons = p.values.map((v) => [{ text: `🔧 ${TUNABLES[v.id].label}`, data: buttons.tune.build({ kind: 'value', id: v.id }) }]);
  rows.push([{ text: '« Ambang lain', data: buttons.tune.build({ kind: 'home' }) }]);
  return { text, buttons: rows, raw: true };
}

/** One value's page: now, default, allowed range, presets, ✏️ Ketik angka, ↩️ Default. */
function valuePage(p: Page, id: TunableId): Presentation {
  const v = p.values.find((x) => x.id === id);
  if (!v) return groupPage(p);
  const t = TUNABLES[id];
  const text = joinHtml([
    html`🔧 ${bold(t.label)} (${TUNE_GROUP_LABELS[t.group]})`,
    html`<i>${t.hint}</i>`,
    '',
    html`Sekarang: ${bold(showValue(id, v.value))}${v.value === v.default ? ' (default)' : ''}`,
    `Default (.env ${t.env}): ${showValue(id, v.default)}`,
    `Boleh diisi: ${showRange(id)}`,
    '',
    'Pilih angka, ketik sendiri, atau balik ke default 👇',
  ]);
  const rows: Buttons = [];
  t.presets.forEach((n, i) => {
    if (i % PER_ROW === 0) rows.push([]);
    rows.at(-1)!.push({ text: n === v.value ? `✅ ${short(id, n)}` : short(id, n), data: buttons.tune.build({ kind: 'set', id, value: n }) });
  });
  const tools = [{ text: '✏️ Ketik angka', data: buttons.tune.build({ kind: 'type', id }) }];
  if (v.value !== v.default) tools.push({ text: `↩️ Default (${short(id, v.default)})`, data: buttons.tune.build({ kind: 'default', id }) });
  rows.push(tools, [{ text: '« Kembali', data: buttons.tune.build({ kind: 'group', group: t.group }) }]);
  return { text, buttons: rows, raw: true };
}

export const presentThresholds: Present<'settings.thresholds'> = (p, d) => (d.focus ? valuePage(p, d.focus) : groupPage(p));

/** "Beres! ✅ Ringkasan: Batas CPU sekarang 80% (tadinya 90%) ...", then the group's page. */
export const presentTune: Present<'settings.tune'> = (r) => {
  const t = TUNABLES[r.id];
  const was = showValue(r.id, r.previous);
  const now = showValue(r.id, r.value);
  const what =
    r.value === r.previous
      ? `${t.label} tetap ${now}, gak ada yang berubah.`
      : r.value === r.default
        ? `${t.label} balik ke default ${now} (tadinya ${was}). Langsung dipakai mulai cek berikutnya, gak perlu restart.`
        : `${t.label} sekarang ${now} (tadinya ${was}, default ${showValue(r.id, r.default)}). Langsung dipakai mulai cek berikutnya, gak perlu restart.`;
  const page = groupPage(r.page);
  return { ...page, text: joinHtml([texts.DONE_OK(what), '', page.text]) };
};
