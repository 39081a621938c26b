import { defaultRoutes, downloadSpeed, listInterfaces, ping, publicAddress, tailscaleStatus } from '@potion/adapters';
import { clip, mb } from '../../runtime/format.js';
import { UserFacingError } from '../../runtime/retry-policy.js';
import type { Handler } from '../types.js';

/** Ping packets and per-reply wait (s) when the payload does not say. */
export const PING_COUNT = 4;
export const PING_WAIT_SEC = 2;

export const netInfo: Handler<'net.info'> = {
  run: async (_d, ctx) => {
    const [ifaces, routes] = await Promise.all([
      listInterfaces(ctx.runner, { signal: ctx.signal }),
      defaultRoutes(ctx.runner, { signal: ctx.signal }).catch(() => []),
    ]);
    let publicIp: string | undefined;
    let publicIpNote: string | undefined;
    if (!ctx.config.publicIpUrl) publicIpNote = 'tidak dicek (PUBLIC_IP_URL=off)';
    else {
      try {
        publicIp = await publicAddress(ctx.config.publicIpUrl, { signal: ctx.signal, timeoutMs: 8000 });
      } catch (err) {
        ctx.log.info({ module: 'worker:net', err: (err as Error).message }, 'public address not learned');
        publicIpNote = 'tidak bisa dicek (internet putus atau layanan tidak menjawab)';
      }
    }
    return {
      interfaces: ifaces
        .filter((i) => !i.loopback)
        .map((i) => ({ name: i.name, state: i.state, ...(i.mac ? { mac: i.mac } : {}), addresses: i.addresses.filter((a) => a.scope !== 'host') })),
      routes: routes.map((r) => ({ dev: r.dev, ...(r.gateway ? { gateway: r.gateway } : {}) })),
      ...(publicIp ? { publicIp } : {}),
      ...(publicIpNote ? { publicIpNote } : {}),
    };
  },
  present: (r) => {
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
  },
};

export const netPing: Handler<'net.ping'> = {
  run: async (data, ctx) => {
    const target = data.target ?? ctx.config.pingTarget;
    const r = await ping(ctx.runner, target, data.count ?? PING_COUNT, PING_WAIT_SEC, { signal: ctx.signal });
    return { target: r.target, transmitted: r.transmitted, received: r.received, lossPercent: r.lossPercent, ...(r.rtt ? { rtt: r.rtt } : {}), ...(r.error ? { error: r.error } : {}) };
  },
  present: (r) => {
    if (r.error) return { text: `📡 Ping ${r.target} gagal dikirim ❌: ${clip(r.error, 150)}\nKemungkinan internet/DNS server sedang putus.`, raw: true };
    const icon = r.lossPercent === 0 ? '🟢' : r.lossPercent < 100 ? '🟠' : '🔴';
    const lines = [`📡 Ping ${r.target}`, `${icon} ${r.received}/${r.transmitted} balasan · hilang ${r.lossPercent}%`];
    if (r.rtt) lines.push(`⏱️ min ${r.rtt.min.toFixed(1)} · rata2 ${r.rtt.avg.toFixed(1)} · max ${r.rtt.max.toFixed(1)} ms`);
    else lines.push('Tidak ada balasan sama sekali: internet kemungkinan putus.');
    return { text: lines.join('\n'), raw: true };
  },
};

export const netTailscale: Handler<'net.tailscale'> = {
  run: async (_d, ctx) => {
    const s = await tailscaleStatus(ctx.runner, { signal: ctx.signal });
    if (!s.installed) return { installed: false, running: false, peers: [], health: [] };
    if (!s.running) return { installed: true, running: false, message: s.message, peers: [], health: [] };
    return {
      installed: true,
      running: true,
      backendState: s.backendState,
      ...(s.self ? { self: s.self } : {}),
      ...(s.tailnet ? { tailnet: s.tailnet } : {}),
      peers: s.peers.map((p) => ({ ...p, ...(p.lastSeen ? { lastSeen: p.lastSeen } : {}) })),
      health: s.health,
    };
  },
  present: (r) => {
    if (!r.installed) return { text: '🛡️ Tailscale belum terpasang di server ini.\nPasang: curl -fsSL https://tailscale.com/install.sh | sh, lalu sudo tailscale up', raw: true };
    if (!r.running) return { text: `🛡️ Tailscale terpasang tapi belum jalan ❌ (${clip(r.message ?? '', 120)}).\nCoba: sudo systemctl start tailscaled`, raw: true };
    const lines = ['🛡️ Tailscale'];
    if (r.backendState !== 'Running') lines.push(`⚠️ Status: ${r.backendState}${r.backendState === 'NeedsLogin' ? ' — jalankan `sudo tailscale up` lalu login' : ''}`);
    if (r.self) lines.push(`🖥️ Server ini: ${r.self.hostName} · ${r.self.ips.join(', ') || 'belum ada IP'}`);
    if (r.tailnet) lines.push(`🏷️ Tailnet: ${r.tailnet}`);
    const online = r.peers.filter((p) => p.online).length;
    lines.push('', `👥 Perangkat lain: ${online} online dari ${r.peers.length}`);
    for (const p of r.peers.slice(0, 15)) lines.push(`${p.online ? '🟢' : '⚪'} ${clip(p.hostName, 24)} (${p.os || '?'}) ${p.ips[0] ?? ''}${p.exitNode ? ' · exit node' : ''}`);
    if (r.peers.length > 15) lines.push(`… dan ${r.peers.length - 15} lagi`);
    for (const h of r.health.slice(0, 3)) lines.push(`⚠️ ${clip(h, 150)}`);
    return { text: lines.join('\n'), raw: true };
  },
};

export const netSpeed: Handler<'net.speed'> = {
  run: async (_d, ctx) => {
    const url = ctx.config.speedtestUrl;
    if (!url) return { configured: false };
    let lastPct = 0;
    const maxBytes = 25_000_000;
    const r = await downloadSpeed(url, {
      signal: ctx.signal,
      timeoutMs: 60_000,
      maxBytes,
      onBytes: (b) => {
        const pct = Math.min(99, Math.floor((b / maxBytes) * 100));
        if (pct >= lastPct + 20) {
          lastPct = pct;
          void ctx.progress(pct, `download ${mb(b)}`).catch(() => undefined);
        }
      },
    }).catch((err: unknown) => {
      ctx.log.warn({ module: 'worker:net', err: (err as Error).message }, 'speed test download failed');
      const host = new URL(url).host;
      // Not permanent: a flaky connection may well work on the retry.
      throw new UserFacingError(`speed test gagal: tidak bisa mengunduh dari ${host} (internet putus atau lambat sekali?)`, false);
    });
    return { configured: true, url: r.url, bytes: r.bytes, ms: r.ms, mbps: r.mbps, firstByteMs: r.firstByteMs };
  },
  present: (r) => {
    if (!r.configured) return { text: '🚀 Speed test dimatikan (SPEEDTEST_URL=off di .env). Isi dengan URL file besar untuk mengaktifkan.', raw: true };
    const host = (() => {
      try {
        return new URL(r.url ?? '').host;
      } catch {
        return r.url ?? '';
      }
    })();
    return {
      text: `🚀 Speed test cepat (download)\n⬇️ ${r.mbps ?? 0} Mbps\n📦 ${mb(r.bytes ?? 0)} dalam ${((r.ms ?? 0) / 1000).toFixed(1)} detik\n⏱️ respon awal ${r.firstByteMs ?? 0} ms\nSumber: ${host}`,
      raw: true,
    };
  },
};
