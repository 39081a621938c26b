import { hostSample, localDay, toHtml, type HostSample } from '@potion/jobs';
import { getLastOk } from '../../backup/state.js';
import { readOffsiteLast } from '../../offsite/state.js';
import { offsiteLine } from '../../offsite/line.js';
import type { JobContext } from '../../runtime/context.js';
import { tellAdmins } from '../../runtime/outbox.js';
import { digestText, presentDigest, type AlertLogEntry } from './present.js';
import { activeMutes } from '../../alerts/mutes.js';
import { alertHostName, hostPrefix } from '../../alerts/host-name.js';
import { hostsHeard } from '../../alerts/host-silence.js';
import { PART, readPart } from '../../runtime/parts.js';
import { latestSample, sampleAndStore } from '../../host/samples.js';
import { readRebootRequired, storedSecurityUpdates } from '../../host/updates.js';
import { rebootButton } from '../host/buttons.js';
import type { Handler } from '../types.js';

function parseLines<T>(raw: readonly string[], ok: (v: unknown) => v is T): T[] {
  const out: T[] = [];
  for (const line of raw) {
    try {
      const v = JSON.parse(line) as unknown;
      if (ok(v)) out.push(v);
    } catch {
      // a hand-edited line is skipped
    }
  }
  return out;
}

const isLogEntry = (v: unknown): v is AlertLogEntry => typeof v === 'object' && v !== null && typeof (v as AlertLogEntry).at === 'number' && typeof (v as AlertLogEntry).id === 'string';
const isSecurityEntry = (v: unknown): v is { at: number; kind: string; user?: string; ref?: string } => typeof v === 'object' && v !== null && typeof (v as { at?: unknown }).at === 'number' && typeof (v as { kind?: unknown }).kind === 'string';
const isSample = (v: unknown): v is HostSample => hostSample.safeParse(v).success;

/** The local date of a Unix ms in TIMEZONE, "2026-11-25": one digest per day per admin. */

async function build(ctx: JobContext): Promise<{ text: string; rebootRequired: boolean }> {
  // No stored sample and none can be taken: the digest still goes out, with a line saying so.
  const stored = await latestSample(ctx);
  const sampled = stored ? undefined : await readPart(PART.digestSample, () => sampleAndStore(ctx), ctx.log);
  const latest = stored ?? (sampled?.ok ? sampled.value : undefined);
  const [history, log, lastOk, verifyRaw, mutes, security, reboot, offsiteLast, events, heard, hostName] = await Promise.all([
    ctx.redis.lrange(ctx.keys.sampleHistory, 0, -1),
    ctx.redis.lrange(ctx.keys.alertsLog, 0, -1),
    getLastOk(ctx.redis, ctx.keys),
    ctx.redis.get(ctx.keys.backupLastVerify),
    activeMutes(ctx.redis, ctx.keys, ctx.now()),
    storedSecurityUpdates(ctx),
    readPart(PART.rebootRequired, () => readRebootRequired(ctx.config.rebootRequiredFile), ctx.log),
    readOffsiteLast(ctx.redis, ctx.keys),
    ctx.redis.lrange(ctx.keys.securityEvents, 0, -1),
    ctx.config.hostRole === 'main' ? hostsHeard(ctx) : Promise.resolve([]),
    alertHostName(ctx),
  ]);
  let lastVerify: { at: number; snapshot: string; ok: boolean } | undefined;
  try {
    const v = verifyRaw ? (JSON.parse(verifyRaw) as { at?: unknown; snapshot?: unknown; ok?: unknown }) : undefined;
    if (v && typeof v.at === 'number' && typeof v.snapshot === 'string' && typeof v.ok === 'boolean') lastVerify = { at: v.at, snapshot: v.snapshot, ok: v.ok };
  } catch {
    lastVerify = undefined;
  }
  // More than one host: the digest starts with the name of the host it is about.
  const text = hostPrefix(hostName) + digestText({
    now: ctx.now(),
    timezone: ctx.config.timezone,
    hddMount: ctx.config.hddMount,
    latest,
    history: parseLines(history, isSample),
    alerts: parseLines(log, isLogEntry),
    lastBackup: lastOk ? { finishedAt: lastOk.finishedAt, snapshot: lastOk.result.snapshot, status: lastOk.result.status } : undefined,
    lastVerify,
    mutes,
    securityUpdates: security,
    rebootRequired: reboot.ok ? reboot.value : undefined,
    offsite: offsiteLine({ last: offsiteLast, now: ctx.now(), enabled: ctx.config.offsite.remote !== undefined, schedule: ctx.config.offsite.schedule, whenOff: true }),
    security: parseLines(events, isSecurityEntry),
    unread: [sampled, reboot].flatMap((p) => (p && !p.ok ? [p.unread] : [])),
    silentHosts: heard.flatMap((h) => (h.silent && h.lastHeard !== undefined ? [{ name: h.name, lastHeard: h.lastHeard }] : [])),
  });
  return { text, rebootRequired: reboot.ok && reboot.value.required };
}

/**
 * The daily digest (schedules.ts, DIGEST_TIME): sent silently to every admin, with one
 * outbox id per admin and local day, so a retry or a second scheduler run sends nothing
 * twice. Asked from Telegram, it only answers that chat.
 */
export const healthDigest: Handler<'health.digest'> = {
  run: async (_d, ctx) => {
    const { text, rebootRequired } = await build(ctx);
    if (ctx.meta.by.kind === 'telegram') return { text, sentTo: [], rebootRequired };
    // ♻️ Reboot sekarang under the digest while apt asks for a reboot (the usual confirmation).
    const buttons = rebootRequired ? { buttons: [[rebootButton()]] } : {};
    const now = ctx.now();
    const day = localDay(now, ctx.config.timezone);
    await tellAdmins(ctx, { purpose: 'digest', id: day, text, kind: 'info', silent: true, requestId: `digest-${day}`, source: 'digest', now, ...buttons });
    return { text, sentTo: [...ctx.config.adminIds], rebootRequired };
  },
  present: presentDigest,
};
