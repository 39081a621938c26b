import { z } from 'zod';

export const diskUse = z.object({
  mount: z.string(),
  /** False when the path is not a mount point of its own (e.g. the HDD did not mount). */
  mounted: z.boolean(),
  sizeBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
  usePercent: z.number().min(0).max(100),
});

/** A whitelisted unit as the sampler saw it (systemctl show). */
export const sampledService = z.object({
  unit: z.string(),
  /** systemd ActiveState: active, inactive, failed, activating, ... or unknown. */
  active: z.string(),
  sub: z.string(),
  /** False when systemd does not know the unit. */
  found: z.boolean(),
});

/** A DOCKER_WHITELIST container as the sampler saw it (Engine API inspect), for the container alerts. */
export const sampledContainer = z.object({
  name: z.string(),
  /** Engine state (running, exited, restarting, ...), or `missing` when no container has the name. */
  state: z.string(),
  exitCode: z.number().int(),
  /** Restarts by the container's restart policy so far (a loop shows as a climbing count). */
  restartCount: z.number().int().nonnegative(),
});
export type SampledContainer = z.infer<typeof sampledContainer>;

/** The whitelisted containers; `unread` says why they could not be read this time (they are then empty). */
export const sampledDocker = z.object({ containers: z.array(sampledContainer), unread: z.string().optional() });
export type SampledDocker = z.infer<typeof sampledDocker>;

/** The cheap internet check: one TCP connect (no subprocess). */
export const netCheck = z.object({
  /** host:port that was tried. */
  target: z.string(),
  reachable: z.boolean(),
  /** Connect time in ms; null when it failed. */
  latencyMs: z.number().nonnegative().nullable(),
});

/**
 * The answer of one "is it really serving?" probe of a whitelisted unit (SERVICE_PROBES),
 * taken with the sample (HTTP(S) status or TCP connect, short timeout).
 */
export const probeResult = z.object({
  unit: z.string(),
  kind: z.enum(['http', 'tcp']),
  /** The URL without credentials, or host:port. */
  target: z.string(),
  /** True when it answered as expected (the status, or the port accepted the connect). */
  ok: z.boolean(),
  /** The HTTP status it answered with; null for TCP or no answer. */
  status: z.number().int().nullable(),
  /** Time to the answer (status line, or connect) in ms; null without an answer. */
  latencyMs: z.number().nonnegative().nullable(),
  /** Why it failed: no answer within the timeout, the connection refused, a wrong status, another error. */
  failure: z.enum(['timeout', 'refused', 'status', 'error']).nullable(),
  /** The timeout used, for "timeout 3 s". */
  timeoutMs: z.number().int().positive(),
  /** The expected status, when one exact status is expected. */
  expectStatus: z.number().int().optional(),
  /** The error's code or message, short (e.g. ECONNRESET, CERT_HAS_EXPIRED). */
  detail: z.string().max(200).optional(),
});
export type ProbeResult = z.infer<typeof probeResult>;

/** Laptop power (/sys/class/power_supply); the sample has null when there is no battery. */
export const powerState = z.object({
  acOnline: z.boolean(),
  /** Battery charge 0-100. */
  batteryPercent: z.number().min(0).max(100),
  /** The battery's status file: Charging, Discharging, Full, Not charging, Unknown. */
  status: z.string(),
  /** From the driver's energy/power (or charge/current) while discharging; null when unknown. */
  minutesLeft: z.number().nonnegative().nullable(),
});
export type PowerState = z.infer<typeof powerState>;

/** One measurement of the host, kept in Redis as the latest sample and in a short history. */
export const hostSample = z.object({
  at: z.number().int(),
  cpu: z.object({
    /** Busy % across all cores since the previous sample. */
    usagePercent: z.number().min(0).max(100),
    load1: z.number().nonnegative(),
    load5: z.number().nonnegative(),
    load15: z.number().nonnegative(),
    cores: z.number().int().positive(),
  }),
  mem: z.object({
    totalBytes: z.number().nonnegative(),
    usedBytes: z.number().nonnegative(),
    freeBytes: z.number().nonnegative(),
    availableBytes: z.number().nonnegative(),
    swapTotalBytes: z.number().nonnegative(),
    swapUsedBytes: z.number().nonnegative(),
  }),
  disks: z.array(diskUse),
  /** CPU package temperature in °C, null when no sensor is readable. */
  tempC: z.number().nullable(),
  uptimeSec: z.number().nonnegative(),
  bootTime: z.number().int(),
  /** Whitelisted services; empty when none are configured or systemctl could not answer. */
  services: z.array(sampledService).default([]),
  /**
   * Why the services could not be read this time ("systemd gak jalan di mesin ini"); absent
   * when they were. The list then holds each unit as "unknown".
   */
  servicesUnread: z.string().optional(),
  /** SERVICE_PROBES answers of this sample; empty when none are configured. */
  probes: z.array(probeResult).default([]),
  /** Null when the internet check is off (NET_CHECK_TARGET=off). */
  net: netCheck.nullable().default(null),
  /** Null on a machine without a battery (or an older sample). */
  power: powerState.nullable().default(null),
  /** Null or absent without DOCKER_WHITELIST or without a Docker socket on the host (or in an older sample). */
  docker: sampledDocker.nullish(),
  /** How long taking this sample took, for the benchmark and the dashboard. */
  tookMs: z.number().nonnegative(),
});
export type HostSample = z.infer<typeof hostSample>;
export type DiskUse = z.infer<typeof diskUse>;
export type SampledService = z.infer<typeof sampledService>;
export type NetCheck = z.infer<typeof netCheck>;

/**
 * The parts of a sample a chart draws (CPU, RAM, temperature, disks): readers of the whole
 * history parse this instead of hostSample, and zod drops the rest of each entry.
 */
export const chartSample = hostSample.pick({ at: true, cpu: true, mem: true, tempC: true, disks: true });
export type ChartSample = z.infer<typeof chartSample>;
