import type { Present } from '../types.js';

const metricWords: Record<string, string> = { cpu: 'CPU', ram: 'RAM', temp: 'suhu', disk: 'disk' };

// A chart is a reading: no PRD §21 "Beres!" (raw).
export const presentRender: Present<'chart.render'> = (r, data) => {
  const what = data.metric ? metricWords[data.metric] : 'CPU, RAM, suhu dan disk';
  if (r.points === 0) {
    return {
      text: `📈 Belum ada riwayat ${r.hours} jam terakhir untuk digambar. Sampler mencatat tiap beberapa detik setelah worker jalan; coba lagi sebentar lagi ya.`,
      raw: true,
    };
  }
  const thin = r.points < 3 ? '\nDatanya masih sedikit (worker baru nyala), grafiknya akan makin lengkap.' : '';
  return { text: `📈 Grafik ${what}, ${r.hours} jam terakhir (${r.points} titik).${thin}`, raw: true, photo: { path: r.path, filename: `grafik-${r.hours}jam.png` } };
};
