import { buttons, clock, hostKeys, hostSample, keys, type JobResult } from '@potion/jobs';
import { HOST_ID_PATTERN } from '@potion/platform';
import { z } from 'zod';
import { gauge } from '../../runtime/format.js';
import type { Handler } from '../types.js';

type Hosts = JobResult<'status.hosts'>;
type Line = Hosts['hosts'][number];

/** A heartbeat older than this many heartbeat intervals means the host is not heard from. */
export const HEARTBEAT_FRESH_INTERVALS = 2;

const entry = z.object({ name: z.string().min(1).max(64) }).passthrough();

function nameOf(id: string, json: string): string {
  try {
    const r = entry.safeParse(JSON.parse(json));
    return r.success ? r.data.name : id;
  } catch {
    return id;
  }
}

function sampleOf(raw: string | null): z.infer<typeof hostSample> | undefined {
  if (!raw) return undefined;
  try {
    const r = hostSample.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * 📊 Status with more than one host (issue 18): a read on the main host of every known host's
 * heartbeat, newest sample and open alerts (`keys.hosts`, then each host's keys). Only the main
 * worker runs it: a joined host's Redis user cannot read the others' keys.
 */
export const statusHosts: Handler<'status.hosts'> = {
  run: async (_data, ctx) => {
    const registry = await ctx.redis.hgetall(keys.hosts);
    const ids = Object.keys(registry).filter((id) => HOST_ID_PATTERN.test(id)).sort();
    const freshMs = HEARTBEAT_FRESH_INTERVALS * ctx.config.heartbeatIntervalMs;
    const hosts: Line[] = [];
    for (const id of ids) {
      const hk = hostKeys(id);
      const [beat, latest, open] = await Promise.all([ctx.redis.get(hk.heartbeat), ctx.redis.get(hk.sampleLatest), ctx.redis.scard(hk.alertsOpen)]);
      const heartbeatAt = beat !== null && /^\d+$/.test(beat) ? Number(beat) : undefined;
      const s = sampleOf(latest);
      const worst = s?.disks.filter((d) => d.mounted).sort((a, b) => b.usePercent - a.usePercent)[0];
      hosts.push({
        id,
        name: nameOf(id, registry[id] ?? ''),
        ...(heartbeatAt !== undefined ? { heartbeatAt } : {}),
        up: heartbeatAt !== undefined && ctx.now() - heartbeatAt <= freshMs,
        ...(s ? { cpuPercent: s.cpu.usagePercent, memPercent: s.mem.totalBytes > 0 ? (s.mem.usedBytes / s.mem.totalBytes) * 100 : 0 } : {}),
        ...(worst ? { worstDisk: { mount: worst.mount, usePercent: worst.usePercent } } : {}),
        openAlerts: open,
      });
    }
    return { hosts };
  },
  present: (r, _data, { config }) => {
    const lines = r.hosts.map((h) => {
      if (!h.up) return h.heartbeatAt === undefined ? `🔴 ${h.name} · belum pernah terdengar` : `🔴 ${h.name} · tidak terdengar sejak ${clock(h.heartbeatAt, config.timezone)}`;
      const parts = [`🟢 ${h.name}`];
      if (h.cpuPercent !== undefined) parts.push(`CPU ${h.cpuPercent.toFixed(0)}%`);
      if (h.memPercent !== undefined) parts.push(`RAM ${h.memPercent.toFixed(0)}%`);
      if (h.worstDisk) parts.push(`${gauge(h.worstDisk.usePercent)} disk ${h.worstDisk.mount} ${h.worstDisk.usePercent.toFixed(0)}%`);
      parts.push(h.openAlerts > 0 ? `⚠️ ${h.openAlerts} alert` : 'aman');
      return parts.join(' · ');
    });
    const kb = r.hosts.map((h) => [{ text: `📊 ${h.name}`, data: buttons.host.build({ menu: 'st', hostId: h.id }) }]);
    return { text: ['🖥️ Semua server', ...lines, '', 'Pilih server buat lihat ringkasannya 👇'].join('\n'), buttons: kb, raw: true };
  },
};
