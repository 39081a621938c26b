import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readOverrides, settingsFields, showValue, TUNABLE_IDS, TUNABLES, type HostKeys } from '@potion/jobs';
import { writeFileAtomic, type Config, type Logger } from '@potion/platform';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { FAMILY_LABELS, toggleField } from '../alerts/settings.js';
import { fromHash } from '../alerts/store.js';
import { ALERT_FAMILIES } from '../alerts/types.js';

/**
 * What a user set from the bot, and the alert state the admins were already told about,
 * copied to DATA_DIR after every change, so a Redis that comes back empty (AOF lost) gets
 * it back instead of silently returning to the defaults and announcing every open alert
 * again. See docs/decisions/021-settings-mirrored-to-data-dir.md.
 */
export const MIRROR_FILE = 'redis-mirror.json';

const mirror = z.object({
  version: z.literal(1),
  savedAt: z.number(),
  /** The whole `potion:settings` hash (backup time, alert toggles, ...). */
  settings: z.record(z.string(), z.string()),
  /** User mutes (`potion:mutes`): alert id or `all`, and the end (Unix ms). */
  mutes: z.array(z.object({ id: z.string(), until: z.number() })),
  /** Units stopped on purpose from the bot (no "service mati" alert for them). */
  stopped: z.array(z.string()),
  /** DOCKER_WHITELIST containers stopped on purpose from the bot (absent in older copies). */
  containersStopped: z.array(z.string()).default([]),
  /** Hashes of the open alerts (`potion:alert:<id>`). */
  alerts: z.array(z.record(z.string(), z.string())),
  /** The alert thresholds set from ⚙️ Settings (keys.alertTuning); absent in copies made before decision 046. */
  tuning: z.record(z.string(), z.string()).optional(),
});
type Mirror = z.infer<typeof mirror>;

export interface MirrorDeps {
  redis: Redis;
  /** This host's keys: what is copied and restored. */
  keys: HostKeys;
  config: Pick<Config, 'dataDir'>;
  log: Logger;
  now: () => number;
}

const mirrorPath = (dataDir: string) => join(dataDir, MIRROR_FILE);

async function readState(redis: Redis, hk: HostKeys, now: number): Promise<Omit<Mirror, 'version' | 'savedAt'>> {
  const [settings, mutesRaw, stopped, openIds, tuning, containersStopped] = await Promise.all([
    redis.hgetall(hk.settings),
    redis.zrangebyscore(hk.mutesActive, now + 1, '+inf', 'WITHSCORES'),
    redis.smembers(hk.servicesStopped),
    redis.smembers(hk.alertsOpen),
    redis.hgetall(hk.alertTuning),
    redis.smembers(hk.dockerStopped),
  ]);
  const mutes: Mirror['mutes'] = [];
  for (let i = 0; i + 1 < mutesRaw.length; i += 2) mutes.push({ id: mutesRaw[i]!, until: Number(mutesRaw[i + 1]) });
  const alerts = (await Promise.all(openIds.map((id) => redis.hgetall(hk.alert(id))))).filter((h) => fromHash(h) !== undefined);
  return { settings, mutes, stopped, containersStopped, alerts, tuning };
}

/** One save at a time per file: a later change never loses the race to an older copy. */
const queues = new Map<string, Promise<void>>();

/**
 * Copies the state to DATA_DIR/redis-mirror.json (atomically). Skipped while Redis has no
 * marker: it came back empty and the copy on disk is what will be put back, not this.
 * Never throws: a failed copy is logged, the change itself stands.
 */
export function saveStateMirror(deps: MirrorDeps): Promise<void> {
  const file = mirrorPath(deps.config.dataDir);
  const next = (queues.get(file) ?? Promise.resolve()).then(async () => {
    try {
      if ((await deps.redis.exists(deps.keys.marker)) === 0) return;
      const now = deps.now();
      const body: Mirror = { version: 1, savedAt: now, ...(await readState(deps.redis, deps.keys, now)) };
      await writeFileAtomic(file, JSON.stringify(body) + '\n', { mode: 0o600 });
    } catch (err) {
      deps.log.error({ module: 'worker:state-mirror', err, file }, 'could not copy the settings to DATA_DIR');
    }
  });
  queues.set(file, next);
  return next;
}

export interface Restored {
  /** The file was there and readable. */
  found: boolean;
  /** Lines for the empty-Redis note, in Indonesian: what came back. */
  lines: string[];
  backupTime?: string;
}

/** Puts the mirrored state back into an empty Redis (idempotent: run it again after a crash). */
export async function restoreStateMirror(deps: MirrorDeps): Promise<Restored> {
  const file = mirrorPath(deps.config.dataDir);
  let m: Mirror;
  try {
    const parsed = mirror.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) {
      deps.log.error({ module: 'worker:state-mirror', file, issues: parsed.error.issues.slice(0, 3) }, 'the settings copy in DATA_DIR is unreadable: not restored');
      return { found: false, lines: [] };
    }
    m = parsed.data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') deps.log.error({ module: 'worker:state-mirror', err, file }, 'cannot read the settings copy in DATA_DIR');
    return { found: false, lines: [] };
  }
  const now = deps.now();
  const tx = deps.redis.multi();
  if (Object.keys(m.settings).length) tx.hset(deps.keys.settings, m.settings);
  // Checked again when read (Tuning.load): a hand-edited copy cannot set a value out of range.
  const tuned = readOverrides(m.tuning ?? {}).overrides;
  if (Object.keys(tuned).length) tx.hset(deps.keys.alertTuning, Object.fromEntries(Object.entries(tuned).map(([id, v]) => [id, String(v)])));
  const mutes = m.mutes.filter((x) => x.until > now);
  for (const x of mutes) tx.set(deps.keys.mute(x.id), String(x.until), 'PX', x.until - now).zadd(deps.keys.mutesActive, x.until, x.id);
  if (m.stopped.length) tx.sadd(deps.keys.servicesStopped, ...m.stopped);
  if (m.containersStopped.length) tx.sadd(deps.keys.dockerStopped, ...m.containersStopped);
  const alerts = m.alerts.map(fromHash).filter((a) => a !== undefined);
  for (const h of m.alerts) if (fromHash(h)) tx.del(deps.keys.alert(h.id!)).hset(deps.keys.alert(h.id!), h).sadd(deps.keys.alertsOpen, h.id!);
  await tx.exec();

  const lines: string[] = [];
  const backupTime = m.settings[settingsFields.backupTime];
  if (backupTime) lines.push(`jam backup harian ${backupTime}`);
  const off = ALERT_FAMILIES.filter((f) => m.settings[toggleField(f)] === 'off').map((f) => FAMILY_LABELS[f]);
  if (off.length) lines.push(`alert yang kamu matikan: ${off.join(', ')}`);
  const tunedIds = TUNABLE_IDS.filter((id) => tuned[id] !== undefined);
  if (tunedIds.length) lines.push(`ambang alert yang kamu ubah: ${tunedIds.map((id) => `${TUNABLES[id].label} ${showValue(id, tuned[id]!)}`).join(', ')}`);
  if (mutes.length) lines.push(`${mutes.length} mute yang masih berlaku`);
  if (m.stopped.length) lines.push(`service yang sengaja dihentikan: ${m.stopped.join(', ')}`);
  if (m.containersStopped.length) lines.push(`container yang sengaja dihentikan: ${m.containersStopped.join(', ')}`);
  if (alerts.length) lines.push(`status ${alerts.length} alert yang masih aktif (tidak aku kirim ulang)`);
  deps.log.warn({ module: 'worker:state-mirror', file, savedAt: m.savedAt, restored: lines }, 'settings restored from DATA_DIR into the empty Redis');
  return { found: true, lines, ...(backupTime ? { backupTime } : {}) };
}
