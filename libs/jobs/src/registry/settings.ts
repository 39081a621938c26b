import { z } from 'zod';
import { telegramId } from '../schemas.js';
import { defineJob } from './define.js';

/** Alert families that ⚙️ Settings can switch on and off (keep in step with the worker's ALERT_FAMILIES). */
export const alertFamily = z.enum(['cpu', 'ram', 'disk', 'temp', 'service', 'hdd', 'net', 'backup', 'power', 'login', 'kernel', 'docker', 'host']);

const settingsView = z.object({
  toggles: z.record(alertFamily, z.boolean()),
  thresholds: z.object({
    cpuPercent: z.number(),
    cpuForSec: z.number(),
    ramMinMb: z.number(),
    diskPercent: z.number(),
    tempC: z.number(),
    tempForSec: z.number(),
    remindMin: z.number(),
    netTarget: z.string().nullable(),
  }),
  /** Alert ids muted right now, with the end (Unix ms). */
  mutes: z.array(z.object({ id: z.string(), until: z.number().int() })),
});

export const settingsJobs = {
  'settings.get': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: settingsView,
    access: 'viewer',
    mutates: false,
    timeoutMs: 10_000,
    attempts: 3,
    audit: 'show the settings',
  }),
  'settings.set': defineJob({
    queue: 'read',
    data: z.object({ family: alertFamily, enabled: z.boolean() }).strict(),
    result: settingsView,
    access: 'admin',
    mutates: false,
    timeoutMs: 10_000,
    attempts: 3,
    changes: true,
    audit: 'switch an alert family on or off',
  }),
  'settings.about': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({
      version: z.string(),
      host: z.string(),
      processes: z.array(
        z.object({ name: z.string(), pid: z.number().int().nullable(), startedAt: z.number().int().nullable(), version: z.string().nullable(), seenAt: z.number().int().nullable() }),
      ),
      redis: z.object({ version: z.string(), usedMemoryBytes: z.number(), uptimeSec: z.number() }),
      queues: z.array(z.object({ name: z.string(), waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number(), completed: z.number() })),
      openAlerts: z.array(z.string()),
    }),
    access: 'viewer',
    mutates: false,
    timeoutMs: 15_000,
    attempts: 3,
    audit: 'show the about page',
  }),
  'settings.admins': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({ admins: z.array(telegramId), viewers: z.array(telegramId) }),
    access: 'admin',
    mutates: false,
    timeoutMs: 10_000,
    attempts: 3,
    audit: 'list the admins and viewers',
  }),
} as const;
