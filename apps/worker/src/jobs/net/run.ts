import { size } from '@potion/jobs';
import { UserFacingError } from '../../runtime/errors.js';
import { defaultRoutes, downloadSpeed, listInterfaces, ping, publicAddress, tailscaleStatus } from '@potion/adapters';
import type { Handler } from '../types.js';
import { presentInfo, presentPing, presentSpeed, presentTailscale } from './present.js';

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
  present: presentInfo,
};

export const netPing: Handler<'net.ping'> = {
  run: async (data, ctx) => {
    const target = data.target ?? ctx.config.pingTarget;
    const r = await ping(ctx.runner, target, data.count ?? PING_COUNT, PING_WAIT_SEC, { signal: ctx.signal });
    return { target: r.target, transmitted: r.transmitted, received: r.received, lossPercent: r.lossPercent, ...(r.rtt ? { rtt: r.rtt } : {}), ...(r.error ? { error: r.error } : {}) };
  },
  present: presentPing,
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
  present: presentTailscale,
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
          void ctx.progress(pct, `download ${size(b)}`).catch(() => undefined);
        }
      },
    }).catch((err: unknown) => {
      ctx.log.warn({ module: 'worker:net', err: (err as Error).message }, 'speed test download failed');
      const host = new URL(url).host;
      // Not permanent: a flaky connection may well work on the retry.
      throw new UserFacingError(`speed test gagal: tidak bisa mengunduh dari ${host} (internet putus atau lambat sekali?)`, { permanent: false });
    });
    return { configured: true, url: r.url, bytes: r.bytes, ms: r.ms, mbps: r.mbps, firstByteMs: r.firstByteMs };
  },
  present: presentSpeed,
};
