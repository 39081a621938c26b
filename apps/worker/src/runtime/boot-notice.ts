import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { uptime } from 'node:os';
import { join } from 'node:path';
import { clock, duration, hostSample, toHtml, type Text, keys, queueName, texts, type UnreadPart } from '@potion/jobs';
import { writeFileAtomic } from '@potion/platform';
import { z } from 'zod';
import type { Deps } from './context.js';
import { readMarkFile } from './mark-file.js';
import { PART, unreadLine } from './parts.js';
import { tellAdmins, type TellAdminsOptions } from './outbox.js';
import { markerPath, powerMarker, readPowerMarker, removePowerMarker, type PowerMarker } from './power-marker.js';

/** Written by the worker when it stops through its own code (SIGTERM, SIGINT). */
export const CLEAN_SHUTDOWN_FILE = 'clean-shutdown.json';

const clean = z.object({
  at: z.number().int(),
  pid: z.number().int(),
  /** A copy of the planned-power marker present at the clean stop (an unreadable copy is dropped). */
  planned: powerMarker.optional().catch(undefined),
});
type Clean = z.infer<typeof clean>;

/** A planned marker older than this before the last sign of life belongs to an earlier boot. */
const PLANNED_SLACK_MS = 15 * 60_000;
/** Boot times computed from uptime jitter by a second or so. */
const SAME_BOOT_MS = 60_000;
/** A power request given this long after the boot time belongs to this boot: it did not take effect. */
const NOT_HAPPENED_SLACK_MS = 5000;

const sameBoot = (seenBoot: number | undefined, bootTime: number) => seenBoot !== undefined && Math.abs(seenBoot - bootTime) < SAME_BOOT_MS;

/** When this machine booted (Unix ms): `btime` of /proc/stat, else now minus uptime. */
export function readBootTime(procRoot = '/proc'): number {
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync(join(procRoot, 'stat'), 'utf8'));
    if (m) return Number(m[1]) * 1000;
  } catch {
    // fall through
  }
  return Date.now() - uptime() * 1000;
}

/**
 * Marks a clean stop. If a planned reboot marker exists at that moment, it is copied in,
 * so the next start knows the reboot was planned even if the marker itself is gone by then.
 */
export async function writeCleanShutdown(dataDir: string, now: number): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const p = join(dataDir, CLEAN_SHUTDOWN_FILE);
  const plannedNow = await readPowerMarker(dataDir);
  const body: Clean = { at: now, pid: process.pid, ...(plannedNow ? { planned: plannedNow } : {}) };
  await writeFileAtomic(p, JSON.stringify(body));
}

export type StartKind =
  | { kind: 'first-start' }
  | { kind: 'already-reported' }
  | { kind: 'worker-restart'; clean: boolean }
  | { kind: 'planned'; downtimeMs: number; clean: boolean; planned: PowerMarker }
  | { kind: 'unplanned'; downtimeMs: number; clean: boolean }
  /** A reboot/shutdown asked during this boot, yet the worker starts in the same boot. */
  | { kind: 'not-happened'; planned: PowerMarker };

export interface StartFacts {
  bootTime: number;
  /** The newest sign of life of the previous run (heartbeat, sample, process hash). */
  lastAlive: number | undefined;
  clean: Clean | undefined;
  /** The planned-power marker file (power-marker.ts). */
  planned: PowerMarker | undefined;
  /** The boot already reported, from Redis. */
  seenBoot: number | undefined;
}

/** What kind of start this is (pure). */
export function classifyStart(f: StartFacts): StartKind {
  // Only the marker file counts here, not the clean-stop copy: the power handler removes the
  // file itself when its command failed (the user was told then).
  const notHappened = f.planned !== undefined && f.bootTime < f.planned.at - NOT_HAPPENED_SLACK_MS ? f.planned : undefined;
  if (sameBoot(f.seenBoot, f.bootTime)) return notHappened ? { kind: 'not-happened', planned: notHappened } : { kind: 'already-reported' };
  if (f.lastAlive === undefined) return notHappened ? { kind: 'not-happened', planned: notHappened } : { kind: 'first-start' };
  const isClean = f.clean !== undefined;
  if (f.bootTime <= f.lastAlive) return notHappened ? { kind: 'not-happened', planned: notHappened } : { kind: 'worker-restart', clean: isClean };
  const downtimeMs = f.bootTime - f.lastAlive;
  const p = f.planned ?? f.clean?.planned;
  if (p && p.at <= f.bootTime && p.at >= f.lastAlive - PLANNED_SLACK_MS) return { kind: 'planned', downtimeMs, clean: isClean, planned: p };
  return { kind: 'unplanned', downtimeMs, clean: isClean };
}

/** The notice's text with a "gak kebaca" line for each part that could not be read. */
const withUnread = (text: string, unread: readonly UnreadPart[]) => (unread.length ? `${text}\n${unread.map(unreadLine).join('\n')}` : text);

export const bootTexts = {
  planned: (downtime: string, at: string, by: string | undefined, action: string | undefined, unread: readonly UnreadPart[] = []) =>
    withUnread(by === 'system:battery'
      ? `🟢 Server sudah nyala lagi. Tadi aku matikan dengan rapi pukul ${at} karena baterai hampir habis saat listrik padam. Mati sekitar ${downtime}. Data aman; cek 📊 Status ya.`
      : `🟢 Server sudah nyala lagi setelah ${action === 'shutdown' ? 'dimatikan' : 'reboot'} terencana${by ? ` (diminta ${by})` : ''} pukul ${at}. Mati sekitar ${downtime}.`, unread),
  /** `clean` undefined: the clean-stop mark was there but could not be read (its line is in `unread`). */
  unplanned: (downtime: string, lastAt: string, bootAt: string, clean: boolean | undefined, unread: readonly UnreadPart[] = []) =>
    (clean === undefined
      ? `🔄 Server sudah nyala lagi setelah reboot yang bukan dari bot. `
      : clean
        ? `🟢 Server sudah nyala lagi setelah reboot yang bukan dari bot (mungkin lewat SSH). `
        : `⚡ Server sudah nyala lagi setelah mati mendadak (listrik padam, baterai habis, atau hang). `) +
    `Mati sekitar ${downtime} (terakhir hidup ${lastAt}, nyala lagi ${bootAt}).\n` +
    (clean === undefined ? '' : `Shutdown terakhir: ${clean ? 'rapi ✅' : 'TIDAK rapi ❌ (program tidak sempat berhenti dengan benar)'}.\n`) +
    (unread.length ? `${unread.map(unreadLine).join('\n')}\n` : '') +
    `Tugas yang terputus aku laporkan terpisah; yang aman diulang sudah jalan lagi sendiri. Cek 📊 Status ya.`,
} as const;

async function lastAliveOf(deps: Deps): Promise<number | undefined> {
  const candidates: number[] = [];
  try {
    const text = (await readFile(join(deps.config.dataDir, 'last_ok'), 'utf8')).trim();
    const t = Date.parse(text);
    if (Number.isFinite(t)) candidates.push(t);
    else candidates.push((await stat(join(deps.config.dataDir, 'last_ok'))).mtimeMs);
  } catch {
    // no heartbeat file yet
  }
  const [hb, latest, seen] = await Promise.all([deps.redis.get(deps.keys.heartbeat), deps.redis.get(deps.keys.sampleLatest), deps.redis.hget(deps.keys.proc('worker'), 'seenAt')]);
  if (hb && /^\d+$/.test(hb)) candidates.push(Number(hb));
  if (seen && /^\d+$/.test(seen)) candidates.push(Number(seen));
  if (latest) {
    try {
      const s = hostSample.safeParse(JSON.parse(latest));
      if (s.success) candidates.push(s.data.at);
    } catch {
      // unreadable sample
    }
  }
  return candidates.length ? Math.max(...candidates) : undefined;
}

/** Who hears about a planned power action: every admin, and the chat that asked. */
function powerChats(m: PowerMarker): Pick<TellAdminsOptions, 'alsoChat'> {
  return m.chatId !== undefined ? { alsoChat: m.chatId } : {};
}

/**
 * At worker start, before anything writes a new sign of life, the one start-up check:
 * - after a planned reboot/shutdown from the bot (or the battery guard): "server sudah nyala
 *   lagi" with the downtime, to every admin and to the chat that asked;
 * - when that command did not take effect (the machine never went down, only the worker
 *   restarted): says so, to the same chats;
 * - after a reboot the bot did not plan (power cut, hang, SSH): tells every admin, with the
 *   downtime and whether the last shutdown was clean.
 * Each boot is reported once (the boot time in Redis) and the outbox ids are deterministic,
 * so a crash between enqueue and the marker's removal sends nothing twice. The marker and
 * the clean-stop file are consumed whatever the outcome.
 */
export async function reportBoot(deps: Deps, bootTime: number): Promise<StartKind> {
  const log = deps.log.child({ module: 'worker:boot' });
  const dir = deps.config.dataDir;
  const seen = await deps.redis.get(deps.keys.bootSeen);
  const seenBoot = seen && /^\d+$/.test(seen) ? Number(seen) : undefined;
  // Each mark on its own: one that is there but cannot be read gets a line in the notice
  // (never a guess such as "TIDAK rapi"), and the notice still goes out.
  const [cleanMark, markerMark] = await Promise.all([readMarkFile(join(dir, CLEAN_SHUTDOWN_FILE), clean), readMarkFile(markerPath(dir), powerMarker)]);
  const marker = markerMark.value;
  const unread: UnreadPart[] = [
    ...(cleanMark.unread !== undefined ? [{ part: PART.cleanStop, why: cleanMark.unread }] : []),
    ...(markerMark.unread !== undefined ? [{ part: PART.powerMarker, why: markerMark.unread }] : []),
  ];
  const facts: StartFacts = {
    bootTime,
    lastAlive: await lastAliveOf(deps),
    clean: cleanMark.value,
    planned: marker,
    seenBoot,
  };
  const kind = classifyStart(facts);
  const now = deps.now();
  const tz = deps.config.timezone;
  const bootSec = Math.round(bootTime / 1000);
  // The power job was still running when the machine (or the worker) went down: BullMQ will
  // fail it as stalled, and it must not then be reported as "interrupted" (this notice says it all).
  if (kind.kind === 'planned' || kind.kind === 'not-happened') {
    await deps.redis.sadd(deps.keys.interruptedReported, deps.keys.interruptedMember(queueName('once', deps.config.hostId), kind.planned.jobId));
  }
  // Ids per power request (`power-back.<requestId>.<admin>`) or per boot (`boot.<boot s>.<admin>`).
  const notices: TellAdminsOptions[] = [];
  if (kind.kind === 'planned') {
    const m = kind.planned;
    notices.push({
      purpose: 'power-back',
      id: m.requestId,
      ...powerChats(m),
      text: bootTexts.planned(duration(kind.downtimeMs), clock(m.at, tz), m.by, m.action, unread),
      kind: 'alert',
      requestId: `boot-${bootSec}`,
      source: 'worker',
      now,
    });
  } else if (kind.kind === 'not-happened') {
    const m = kind.planned;
    notices.push({ purpose: 'power-back', id: m.requestId, ...powerChats(m), text: texts.powerNotHappened(m.action, clock(m.at, tz, { date: true })), kind: 'info', requestId: m.requestId, source: 'worker', now });
  } else if (kind.kind === 'unplanned') {
    notices.push({
      purpose: 'boot',
      id: bootSec,
      text: bootTexts.unplanned(duration(kind.downtimeMs), clock(facts.lastAlive ?? bootTime, tz), clock(bootTime, tz), cleanMark.unread !== undefined ? undefined : kind.clean, unread),
      kind: 'alert',
      requestId: `boot-${bootSec}`,
      source: 'worker',
      now,
    });
  }
  for (const n of notices) await tellAdmins(deps, n);
  if (!sameBoot(seenBoot, bootTime)) await deps.redis.set(deps.keys.bootSeen, String(bootTime));
  // Consumed: a later crash must not look clean, a later power cut must not look planned. A
  // marker not used above is from an earlier boot (or left by a crash after its notice went out).
  await rm(join(dir, CLEAN_SHUTDOWN_FILE), { force: true, recursive: true });
  await removePowerMarker(dir);
  if (marker && kind.kind !== 'planned' && kind.kind !== 'not-happened') log.info({ marker }, 'planned-power marker of an earlier boot dropped');
  log.info({ start: kind, bootTime, lastAlive: facts.lastAlive }, `start kind: ${kind.kind}`);
  return kind;
}
