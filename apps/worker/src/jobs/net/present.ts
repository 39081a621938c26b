import { size, texts, code, html, joinHtml, type Text } from '@potion/jobs';
import { clip } from '../../runtime/format.js';
import type { Present } from '../types.js';

// The 🌐 Network answers are readings of the network (like 📊 Status), not the outcome of an
// action: no "Beres!" in front of them. A ping that could not be sent is a failure: PRD §21.
export const presentInfo: Present<'net.info'> = (r) => {
  const lines = ['🌐 Info jaringan'];
  for (const i of r.interfaces) {
    const up = i.state === 'UP' || (i.state === 'UNKNOWN' && i.addresses.length > 0);
    // Loopback-like and tunnel links (tailscale0) report UNKNOWN while working fine.
    const label = i.state === 'UP' || up ? 'nyala' : i.state === 'DOWN' ? 'mati' : i.state.toLowerCase();
    lines.push('', `${up ? '🟢' : '⚪'} ${i.name} (${label})`);
    const shown = i.addresses.filter((a) => a.scope === 'global' || a.family === 'inet');
    if (shown.length === 0) lines.push('   belum dapat alamat IP');
    for (const a of shown) lines.push(`   ${a.family === 'inet' ? 'IPv4' : 'IPv6'} ${a.address}/${a.prefixLength}`);
  }
  if (r.interfaces.length === 0) lines.push('', 'Tidak ada antarmuka jaringan selain loopback.');
  const gw = r.routes.find((x) => x.gateway);
  lines.push('', gw ? `🚪 Gateway: ${gw.gateway} lewat ${gw.dev}` : '🚪 Tidak ada default route — server tidak tersambung ke internet');
  lines.push(r.publicIp ? `🌍 IP publik: ${r.publicIp}` : `🌍 IP publik: ${r.publicIpNote ?? 'tidak diketahui'}`);
  return { text: lines.join('\n'), raw: true };
};

export const presentPing: Present<'net.ping'> = (r) => {
  if (r.error) return { text: texts.DONE_FAIL(`ping ke ${r.target} gagal dikirim (${clip(r.error, 150)}); kemungkinan internet/DNS server sedang putus`), raw: true };
  const icon = r.lossPercent === 0 ? '🟢' : r.lossPercent < 100 ? '🟠' : '🔴';
  const lines = [`📡 Ping ${r.target}`, `${icon} ${r.received}/${r.transmitted} balasan · hilang ${r.lossPercent}%`];
  if (r.rtt) lines.push(`⏱️ min ${r.rtt.min.toFixed(1)} · rata2 ${r.rtt.avg.toFixed(1)} · max ${r.rtt.max.toFixed(1)} ms`);
  else lines.push('Tidak ada balasan sama sekali: internet kemungkinan putus.');
  return { text: lines.join('\n'), raw: true };
};

export const presentTailscale: Present<'net.tailscale'> = (r) => {
  if (!r.installed) return { text: '🛡️ Tailscale belum terpasang di server ini.\nPasang: curl -fsSL https://tailscale.com/install.sh | sh, lalu sudo tailscale up', raw: true };
  if (!r.running) return { text: `🛡️ Tailscale terpasang tapi belum jalan ❌ (${clip(r.message ?? '', 120)}).\nCoba: sudo systemctl start tailscaled`, raw: true };
  const lines: Text[] = ['🛡️ Tailscale'];
  if (r.backendState !== 'Running') lines.push(html`⚠️ Status: ${r.backendState ?? ''}${r.backendState === 'NeedsLogin' ? html` — jalankan ${code('sudo tailscale up')} lalu login` : ''}`);
  if (r.self) lines.push(`🖥️ Server ini: ${r.self.hostName} · ${r.self.ips.join(', ') || 'belum ada IP'}`);
  if (r.tailnet) lines.push(`🏷️ Tailnet: ${r.tailnet}`);
  const online = r.peers.filter((p) => p.online).length;
  lines.push('', `👥 Perangkat lain: ${online} online dari ${r.peers.length}`);
  for (const p of r.peers.slice(0, 15)) lines.push(`${p.online ? '🟢' : '⚪'} ${clip(p.hostName, 24)} (${p.os || '?'}) ${p.ips[0] ?? ''}${p.exitNode ? ' · exit node' : ''}`);
  if (r.peers.length > 15) lines.push(`… dan ${r.peers.length - 15} lagi`);
  for (const h of r.health.slice(0, 3)) lines.push(`⚠️ ${clip(h, 150)}`);
  return { text: joinHtml(lines), raw: true };
};

export const presentSpeed: Present<'net.speed'> = (r) => {
  if (!r.configured) return { text: '🚀 Speed test dimatikan (SPEEDTEST_URL=off di .env). Isi dengan URL file besar untuk mengaktifkan.', raw: true };
  const host = (() => {
    try {
      return new URL(r.url ?? '').host;
    } catch {
      return r.url ?? '';
    }
  })();
  return {
    text: `🚀 Speed test cepat (download)\n⬇️ ${r.mbps ?? 0} Mbps\n📦 ${size(r.bytes ?? 0)} dalam ${((r.ms ?? 0) / 1000).toFixed(1)} detik\n⏱️ respon awal ${r.firstByteMs ?? 0} ms\nSumber: ${host}`,
    raw: true,
  };
};
