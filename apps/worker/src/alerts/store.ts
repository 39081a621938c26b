import { type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';
import { ALERT_FAMILIES, type AlertFamily, type AlertState, type AlertStatus } from './types.js';

const STATUSES: readonly AlertStatus[] = ['pending', 'firing', 'recovering'];

/** A hash as redis-cli shows it: plain strings, one field per property. */
export function toHash(s: AlertState): Record<string, string> {
  const h: Record<string, string> = {
    id: s.id,
    family: s.family,
    status: s.status,
    since: String(s.since),
    sinceIso: new Date(s.since).toISOString(),
    reminders: String(s.reminders),
    notified: s.notified ? '1' : '0',
    label: s.label,
    text: s.text,
  };
  if (s.firedAt !== undefined) h.firedAt = String(s.firedAt);
  if (s.notifiedAt !== undefined) h.notifiedAt = String(s.notifiedAt);
  if (s.clearSince !== undefined) h.clearSince = String(s.clearSince);
  return h;
}

const num = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

/** Undefined when the hash is missing or was edited into something unreadable. */
export function fromHash(h: Record<string, string>): AlertState | undefined {
  const since = num(h.since);
  if (!h.id || since === undefined || !STATUSES.includes(h.status as AlertStatus)) return undefined;
  if (!ALERT_FAMILIES.includes(h.family as AlertFamily)) return undefined;
  const s: AlertState = {
    id: h.id,
    family: h.family as AlertFamily,
    status: h.status as AlertStatus,
    since,
    reminders: num(h.reminders) ?? 0,
    notified: h.notified === '1',
    label: h.label ?? h.id,
    text: h.text ?? '',
  };
  const firedAt = num(h.firedAt);
  const notifiedAt = num(h.notifiedAt);
  const clearSince = num(h.clearSince);
  if (firedAt !== undefined) s.firedAt = firedAt;
  if (notifiedAt !== undefined) s.notifiedAt = notifiedAt;
  if (clearSince !== undefined) s.clearSince = clearSince;
  return s;
}

/** Every alert that is not ok, by id. */
export async function loadOpen(redis: Redis, hk: HostKeys): Promise<Map<string, AlertState>> {
  const ids = await redis.smembers(hk.alertsOpen);
  const out = new Map<string, AlertState>();
  if (ids.length === 0) return out;
  const pipe = redis.pipeline();
  for (const id of ids) pipe.hgetall(hk.alert(id));
  const res = (await pipe.exec()) ?? [];
  ids.forEach((id, i) => {
    const [err, h] = res[i] ?? [];
    const s = !err && h ? fromHash(h as Record<string, string>) : undefined;
    if (s) out.set(id, s);
  });
  return out;
}

/** Which of these ids are muted now (`all` mutes every alert; a running backup mutes what it causes). */
export async function mutedIds(redis: Redis, hk: HostKeys, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const values = await redis.mget(hk.mute('all'), ...ids.map((id) => hk.mute(id)), ...ids.map((id) => hk.autoMute(id)));
  if (values[0] !== null) return new Set(ids);
  return new Set(ids.filter((_, i) => values[i + 1] !== null || values[i + 1 + ids.length] !== null));
}
