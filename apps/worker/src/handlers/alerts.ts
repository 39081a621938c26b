import { biggestFolders } from '@potion/adapters';
import { keys } from '@potion/jobs';
import { size } from '../alerts/texts.js';
import type { Handler } from './types.js';

/** `alert:mute:<id>:<min>`: no alert messages for that id (or `all`) until the key expires. */
export const healthMute: Handler<'health.mute'> = {
  run: async (data, ctx) => {
    const until = ctx.now() + data.minutes * 60_000;
    await ctx.redis.set(keys.mute(data.alertId), String(until), 'PX', data.minutes * 60_000);
    return { alertId: data.alertId, until };
  },
  present: (r, data) => ({
    // Muted until r.until; a recovery of an alert the admins already heard of still goes out.
    text: `🔕 Oke, alert ${r.alertId === 'all' ? 'semuanya' : `"${r.alertId}"`} aku bisukan ${data.minutes} menit. Kalau sudah normal lagi tetap aku kabari.`,
  }),
};

/** `alert:big:<root|hdd>`: the biggest folders of a disk, with a safe, niced, time-limited du. */
export const diskBiggest: Handler<'disk.biggest'> = {
  run: async (data, ctx) => {
    const mount = data.target === 'root' ? '/' : ctx.config.hddMount;
    await ctx.progress(10, `menghitung ukuran folder di ${mount}`);
    const r = await biggestFolders(ctx.runner, mount, data.depth, { signal: ctx.signal, limit: 10 });
    return { mount, totalBytes: r.total?.bytes ?? null, entries: r.entries, partial: r.partial };
  },
  present: (r) => ({
    text: [
      `📂 Folder paling besar di ${r.mount}${r.totalBytes !== null ? ` (total ${size(r.totalBytes)})` : ''}:`,
      ...(r.entries.length ? r.entries.map((e, i) => `${i + 1}. ${size(e.bytes)}  ${e.path}`) : ['(kosong)']),
      ...(r.partial ? ['', 'Catatan: sebagian folder tidak bisa dibaca (butuh izin root), jadi angkanya bisa lebih kecil dari aslinya.'] : []),
      '',
      'Hapus yang tidak perlu lewat SSH ya; aku sengaja tidak menghapus apa-apa sendiri.',
    ].join('\n'),
    raw: true,
  }),
};
