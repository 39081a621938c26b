import { type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';
import { ALERT_FAMILIES, type AlertFamily } from './types.js';

/** Settings hash field of an alert family toggle: `alert.temp` = `on` | `off`. */
export const toggleField = (family: AlertFamily) => `alert.${family}`;

/** Which alert families are on. A family without a field is on (the default). */
export async function readToggles(redis: Redis, hk: HostKeys): Promise<Record<AlertFamily, boolean>> {
  const values = await redis.hmget(hk.settings, ...ALERT_FAMILIES.map(toggleField));
  const out = {} as Record<AlertFamily, boolean>;
  ALERT_FAMILIES.forEach((f, i) => {
    out[f] = values[i] !== 'off';
  });
  return out;
}

export async function setToggle(redis: Redis, hk: HostKeys, family: AlertFamily, on: boolean): Promise<void> {
  await redis.hset(hk.settings, toggleField(family), on ? 'on' : 'off');
}

/** Indonesian names of the families, for ⚙️ Settings. */
export const FAMILY_LABELS: Record<AlertFamily, string> = {
  cpu: 'CPU sibuk',
  ram: 'RAM hampir habis',
  disk: 'Disk penuh',
  temp: 'Suhu tinggi',
  service: 'Service mati',
  hdd: 'HDD lepas',
  net: 'Internet putus',
  backup: 'Backup gagal',
  power: 'Listrik padam / baterai',
  login: 'Login SSH / sudo',
  kernel: 'Kernel (OOM, disk rusak)',
  docker: 'Container Docker mati',
  host: 'Server lain tidak terdengar',
};
