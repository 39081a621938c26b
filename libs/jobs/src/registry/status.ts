import { z } from 'zod';
import { rebootRequired, securityUpdates } from '../host-updates.js';
import { unreadParts } from '../parts.js';
import { hostSample } from '../sample.js';
import { defineJob } from './define.js';
import { containerInfo } from './docker.js';

export const serviceState = z.object({
  unit: z.string(),
  /** systemd ActiveState: active, inactive, failed, activating, deactivating, reloading, or unknown. */
  active: z.string(),
  sub: z.string(),
  /** False when systemd does not know the unit (typo in SERVICES_WHITELIST). */
  found: z.boolean(),
});

/** A disk-full forecast (apps/worker/src/forecast/disk-forecast.ts DiskForecast). */
export const diskForecast = z.object({ mount: z.string(), usePercent: z.number(), slopePerDay: z.number(), r2: z.number(), daysToFull: z.number(), fullAt: z.number() });

const proc = z.object({ pid: z.number().int(), command: z.string(), cpuPercent: z.number(), memPercent: z.number(), rssBytes: z.number() });

export const smartDisk = z.object({
  device: z.string(),
  model: z.string(),
  passed: z.boolean().optional(),
  temperatureC: z.number().optional(),
  powerOnHours: z.number().optional(),
  reallocatedSectors: z.number().optional(),
  pendingSectors: z.number().optional(),
  uncorrectableSectors: z.number().optional(),
  crcErrors: z.number().optional(),
  percentageUsed: z.number().optional(),
  warnings: z.array(z.string()),
  error: z.string().optional(),
});

export const statusDetail = z.object({
  /** Absent when the host sample could not be read (see `unread`). */
  sample: hostSample.optional(),
  /** Busy % per logical core since the previous measurement. */
  perCore: z.array(z.number()),
  temps: z.array(z.object({ label: z.string(), celsius: z.number(), highC: z.number().optional() })),
  top: z.object({ byCpu: z.array(proc), byMem: z.array(proc) }),
  /** not-installed: smartctl missing; no-permission: the sudoers rule is missing. */
  smart: z.object({
    state: z.enum(['ok', 'not-installed', 'no-permission', 'error']),
    disks: z.array(smartDisk),
    note: z.string().optional(),
    /** Unix ms of the last weekly smart.check (keys.smart), when there was one. */
    lastCheckAt: z.number().optional(),
  }),
  unread: unreadParts,
});

/** One host's line of 📊 Status when more than one host is known (status.hosts). */
export const hostLine = z.object({
  id: z.string(),
  name: z.string(),
  /** Unix ms of the host's last heartbeat; absent when it never sent one. */
  heartbeatAt: z.number().optional(),
  /** The heartbeat is fresh (at most two heartbeat intervals old). */
  up: z.boolean(),
  cpuPercent: z.number().optional(),
  memPercent: z.number().optional(),
  /** The fullest mounted disk of the newest sample. */
  worstDisk: z.object({ mount: z.string(), usePercent: z.number() }).optional(),
  /** Alerts that are firing (not ok) on the host. */
  openAlerts: z.number().int().nonnegative(),
});

export const statusJobs = {
  'status.hosts': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({ hosts: z.array(hostLine) }),
    access: 'viewer',
    mutates: false,
    timeoutMs: 20_000,
    attempts: 2,
    audit: 'show the status of every host',
  }),
  'status.summary': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: z.object({
      /** Absent when the host sample could not be read (see `unread`). */
      sample: hostSample.optional(),
      /** Age of the sample in ms when the summary was made. */
      sampleAgeMs: z.number().nonnegative().optional(),
      hddMount: z.string(),
      services: z.array(serviceState),
      /** Disks whose use history says they fill up soon (apps/worker/src/forecast). */
      forecasts: z.array(diskForecast).optional(),
      /** "🔕 Dibisukan: cpu s/d 15:00, ..." when any alert is muted; every mute shows its end. */
      muteBanner: z.string().nullable().default(null),
      /** The last count of pending security updates (absent before the first one). */
      securityUpdates: securityUpdates.optional(),
      /** Absent when the marker could not be read (see `unread`). */
      rebootRequired: rebootRequired.optional(),
      /** "☁️ Off-site terakhir: ..." when OFFSITE_REMOTE is set. */
      offsiteLine: z.string().optional(),
      /** The Docker containers, read on the press; absent without Docker or without any container. */
      containers: z.array(containerInfo).optional(),
      /** Parts that could not be read (the services when systemctl cannot reach systemd). */
      unread: unreadParts,
    }),
    access: 'viewer',
    mutates: false,
    timeoutMs: 20_000,
    attempts: 3,
    audit: 'show the status summary',
  }),
  'status.detail': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    result: statusDetail,
    access: 'viewer',
    mutates: false,
    timeoutMs: 60_000,
    attempts: 2,
    audit: 'show the status details',
  }),
} as const;
