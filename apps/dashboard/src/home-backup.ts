import { bytes, whenAgo } from './format.js';
import type { SectionInput } from './home-alerts.js';
import { esc } from './html.js';
import type { Overview } from './overview.js';

const TRIGGERS: Record<string, string> = { manual: 'diminta', scheduled: 'terjadwal', 'catch-up': 'susulan', safety: 'pengaman sebelum restore' };

/**
 * OFF-SITE COPY (issue 19 point 9): the off-site job is being added on another branch. When
 * its state is in Overview.backup, return its line here ("☁️ Salinan off-site terakhir: …");
 * until then there is nothing to say and no line is drawn.
 */
function offsiteLine(_o: Overview, _i: SectionInput): string | null {
  return null;
}

/** The backup lines: running now, the last success, a newer failure, the last check, off-site. */
function backupLines(o: Overview, i: SectionInput): string[] {
  const w = (ms: number) => esc(whenAgo(ms, i.now, i.timezone));
  const { running, lastOk, lastVerify } = o.backup;
  const lines: string[] = [];
  if (running) lines.push(`<span class="warn">⏳ Backup lagi jalan: ${esc(Math.round(running.percent))}% · ${esc(running.label)}</span> (mulai ${w(running.startedAt)})`);
  if (lastOk) {
    const r = lastOk.result;
    const head = r.status === 'ok' ? '<span class="ok">✅ Backup terakhir berhasil</span>' : '<span class="warn">⚠️ Backup terakhir cuma sebagian</span>';
    const how = TRIGGERS[r.trigger] ?? r.trigger;
    lines.push(`${head} ${w(lastOk.finishedAt)} (${esc(how)}) · snapshot <code>${esc(r.snapshot)}</code> · ${esc(bytes(r.totalBytes))}, yang baru ditulis ${esc(bytes(r.bytesWritten))}`);
  } else if (o.lastSuccessfulBackup) {
    lines.push(`<span class="ok">✅ Backup terakhir berhasil</span> ${w(o.lastSuccessfulBackup.at)}`);
  }
  const failed = o.lastBackup && !o.lastBackup.ok ? o.lastBackup : null;
  if (failed && failed.at > (lastOk?.finishedAt ?? o.lastSuccessfulBackup?.at ?? 0)) {
    lines.push(`<span class="bad">❌ Backup terakhir gagal</span> ${w(failed.at)}${failed.reason ? `: ${esc(failed.reason)}` : ''}`);
  }
  if (lastVerify) {
    const mode = lastVerify.mode === 'full' ? 'cek penuh' : 'cek cepat';
    const result = lastVerify.ok ? '<span class="ok">🔎 Backup dicek, isinya utuh</span>' : '<span class="bad">🔎 Backup dicek, ada yang rusak</span>';
    lines.push(`${result} ${w(lastVerify.at)} (${mode}, snapshot <code>${esc(lastVerify.snapshot)}</code>)`);
  } else if (o.lastVerify) {
    lines.push(`${o.lastVerify.ok ? '<span class="ok">🔎 Backup dicek, isinya utuh</span>' : '<span class="bad">🔎 Cek backup gagal</span>'} ${w(o.lastVerify.at)}`);
  }
  const offsite = offsiteLine(o, i);
  if (offsite !== null) lines.push(offsite);
  return lines;
}

export function backupSection(o: Overview, i: SectionInput): string {
  const lines = backupLines(o, i);
  if (lines.length === 0) return `<section id="backup"><h2>Backup</h2><p class="muted">Belum pernah backup. Jalankan dari bot: 💾 Backup → Backup now.</p></section>`;
  return `<section id="backup"><h2>Backup</h2><ul class="lines">${lines.map((l) => `<li>${l}</li>`).join('')}</ul></section>`;
}
