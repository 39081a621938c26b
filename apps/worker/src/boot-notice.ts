import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { uptime } from 'node:os';
import { join } from 'node:path';
import { hostSample, keys, queueName } from '@potion/jobs';
import { z } from 'zod';
import { clockOf, humanDuration } from './alerts/texts.js';
import type { Deps } from './context.js';

/** Written by the worker when it stops through its own code (SIGTERM, SIGINT). */
export const CLEAN_SHUTDOWN_FILE = 'clean-shutdown.json';
/**
 * Written by a planned reboot/shutdown from the bot just before it happens (issue 4's
 * host.reboot, `apps/worker/src/power-marker.ts`). Only `at` is needed here.
 */
export const PLANNED_POWER_FILE = 'planned-power.json';

const planned = z.object({
  at: z.number().int(),
  action: z.enum(['reboot', 'shutdown']).optional(),
  by: z.string().optional(),
  requestId: z.string().optional(),
  /** The host.reboot/shutdown job: cut short by its own power-off, it is not "interrupted". */
  jobId: z.string().optional(),
});
type Planned = z.infer<typeof planned>;

const clean = z.object({ at: z.number().int(), pid: z.number().int(), planned: planned.optional() });
type Clean = z.infer<typeof clean>;

/** A planned marker older than this before the last sign of life belongs to an earlier boot. */
const PLANNED_SLACK_MS = 15 * 60_000;
/** Boot times computed from uptime jitter by a second or so. */
const SAME_BOOT_MS = 60_000;

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    const r = schema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

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
 * so the next start knows the reboot was planned even if another start-up step removed
 * the marker first.
 */
export async function writeCleanShutdown(dataDir: string, now: number): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const p = join(dataDir, CLEAN_SHUTDOWN_FILE);
  const plannedNow = await readJson(join(dataDir, PLANNED_POWER_FILE), planned);
  const body: Clean = { at: now, pid: process.pid, ...(plannedNow ? { planned: plannedNow } : {}) };
  await writeFile(`${p}.tmp`, JSON.stringify(body));
  await rename(`${p}.tmp`, p);
}

export type StartKind =
  | { kind: 'first-start' }
  | { kind: 'already-reported' }
  | { kind: 'worker-restart'; clean: boolean }
  | { kind: 'planned'; downtimeMs: number; clean: boolean; planned: Planned }
  | { kind: 'unplanned'; downtimeMs: number; clean: boolean };

export interface StartFacts {
  bootTime: number;
  /** The newest sign of life of the previous run (heartbeat, sample, process hash). */
  lastAlive: number | undefined;
  clean: Clean | undefined;
  planned: Planned | undefined;
  /** The boot already reported, from Redis. */
  seenBoot: number | undefined;
}

/** What kind of start this is (pure). */
export function classifyStart(f: StartFacts): StartKind {
  if (f.seenBoot !== undefined && Math.abs(f.seenBoot - f.bootTime) < SAME_BOOT_MS) return { kind: 'already-reported' };
  if (f.lastAlive === undefined) return { kind: 'first-start' };
  const isClean = f.clean !== undefined;
  if (f.bootTime <= f.lastAlive) return { kind: 'worker-restart', clean: isClean };
  const downtimeMs = f.bootTime - f.lastAlive;
  const p = f.planned ?? f.clean?.planned;
  if (p && p.at <= f.bootTime && p.at >= f.lastAlive - PLANNED_SLACK_MS) return { kind: 'planned', downtimeMs, clean: isClean, planned: p };
  return { kind: 'unplanned', downtimeMs, clean: isClean };
}

export const bootTexts = {
  planned: (downtime: string, at: string, by: string | undefined, action: string | undefined) =>
    by === 'system:battery'
      ? `🟢 Server sudah nyala lagi. Tadi aku matikan dengan rapi pukul ${at} karena baterai hampir habis saat listrik padam. Mati sekitar ${downtime}. Data aman; cek 📊 Status ya.`
      : `🟢 Server sudah nyala lagi setelah ${action === 'shutdown' ? 'dimatikan' : 'reboot'} terencana${by ? ` (diminta ${by})` : ''} pukul ${at}. Mati sekitar ${downtime}.`,
  unplanned: (downtime: string, lastAt: string, bootAt: string, clean: boolean) =>
    (clean
      ? `🟢 Server sudah nyala lagi setelah reboot yang bukan dari bot (mungkin lewat SSH). `
      : `⚡ Server sudah nyala lagi setelah mati mendadak (listrik padam, baterai habis, atau hang). `) +
    `Mati sekitar ${downtime} (terakhir hidup ${lastAt}, nyala lagi ${bootAt}).\n` +
    `Shutdown terakhir: ${clean ? 'rapi ✅' : 'TIDAK rapi ❌ (program tidak sempat berhenti dengan benar)'}.\n` +
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
  const [hb, latest, seen] = await Promise.all([deps.redis.get(keys.heartbeat), deps.redis.get(keys.sampleLatest), deps.redis.hget(keys.proc('worker'), 'seenAt')]);
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

/**
 * At worker start, before anything writes a new sign of life: tells every admin that the
 * server is back after a reboot, planned (from the bot) or not (power cut, hang), with the
 * downtime and whether the last shutdown was clean. Each boot is reported once (the boot
 * time in Redis and deterministic outbox ids).
 */
export async function reportBoot(deps: Deps, bootTime: number): Promise<StartKind> {
  const log = deps.log.child({ module: 'worker:boot' });
  const dir = deps.config.dataDir;
  const seen = await deps.redis.get(keys.bootSeen);
  const facts: StartFacts = {
    bootTime,
    lastAlive: await lastAliveOf(deps),
    clean: await readJson(join(dir, CLEAN_SHUTDOWN_FILE), clean),
    planned: await readJson(join(dir, PLANNED_POWER_FILE), planned),
    seenBoot: seen && /^\d+$/.test(seen) ? Number(seen) : undefined,
  };
  const kind = classifyStart(facts);
  const now = deps.now();
  const tz = deps.config.timezone;
  if (kind.kind === 'planned' || kind.kind === 'unplanned') {
    const downtime = humanDuration(kind.downtimeMs);
    const text =
      kind.kind === 'planned'
        ? bootTexts.planned(downtime, clockOf(kind.planned.at, tz), kind.planned.by, kind.planned.action)
        : bootTexts.unplanned(downtime, clockOf(facts.lastAlive ?? bootTime, tz), clockOf(bootTime, tz), kind.clean);
    for (const chatId of deps.config.adminIds) {
      // A planned reboot uses the id of issue 4's power-back notice, so one message goes out whoever enqueues first.
      const jobId = kind.kind === 'planned' && kind.planned.requestId ? `power-back.${kind.planned.requestId}.${chatId}` : `boot.${Math.round(bootTime / 1000)}.${chatId}`;
      await deps.producer.enqueue(
        'notify.send',
        { chatId, text, kind: 'alert', createdAt: now },
        { requestId: `boot-${Math.round(bootTime / 1000)}`, by: { kind: 'system', name: 'worker' }, enqueuedAt: now },
        { jobId: jobId.replace(/[^A-Za-z0-9_.@-]/g, '_') },
      );
    }
  }
  // The power job was still running when the machine went down: BullMQ will fail it as
  // stalled, and it must not then be reported as "interrupted" (this notice says it all).
  if (kind.kind === 'planned' && kind.planned.jobId) {
    await deps.redis.sadd(keys.interruptedReported, `${queueName('once', deps.config.hostId)}:${kind.planned.jobId}`);
  }
  if (kind.kind !== 'already-reported') await deps.redis.set(keys.bootSeen, String(bootTime));
  // Consumed: a later crash must not look clean, a later power cut must not look planned.
  await rm(join(dir, CLEAN_SHUTDOWN_FILE), { force: true });
  if (kind.kind !== 'worker-restart' && kind.kind !== 'already-reported') await rm(join(dir, PLANNED_POWER_FILE), { force: true });
  log.info({ start: kind, bootTime, lastAlive: facts.lastAlive }, `start kind: ${kind.kind}`);
  return kind;
}
