import { buttons, type HostSample, toHtml } from '@potion/jobs';
import type { AlertConfig } from '@potion/platform';
import { diskAlertButtons } from './disk-buttons.js';
import { observeContainers } from './docker-rules.js';
import { FORECAST_REMIND_MS, isForecastAlert } from './forecast-rules.js';
import { observePower } from './power-rules.js';
import { observeProbes } from './probe-rules.js';
import { alertTexts } from './texts.js';
import type { Level, Observation, Timing } from './types.js';

/** "Above the threshold" with hysteresis: bad past it, clear only past it minus the margin. */
export function above(value: number, threshold: number, margin: number): Level {
  if (value > threshold) return 'bad';
  return value < threshold - margin ? 'clear' : 'hold';
}

/** "Below the threshold" (RAM available): bad under it, clear only above it plus the margin. */
export function below(value: number, threshold: number, margin: number): Level {
  if (value < threshold) return 'bad';
  return value > threshold + margin ? 'clear' : 'hold';
}

export interface ObserveInput {
  sample: HostSample;
  /** The previous sample, to see a service that was active and is now inactive. */
  previous: HostSample | undefined;
  cfg: AlertConfig;
  hddMount: string;
  /** The HDD was mounted at hddMount at least once (DATA_DIR/hdd-seen.json). Default true. */
  hddSeenMounted?: boolean;
  /** Alert ids that are not ok right now. */
  open: ReadonlySet<string>;
  /** Units stopped on purpose from the bot: their being inactive is no alert. */
  stoppedOnPurpose: ReadonlySet<string>;
  /** How long a SERVICE_PROBES check must fail before its alert. Default 60 s. */
  probeForMs?: number;
  /** DOCKER_WHITELIST (the alert buttons address a container by its index). Default none. */
  dockerWhitelist?: readonly string[];
  /** Containers stopped on purpose from the bot. Default none. */
  dockerStopped?: ReadonlySet<string>;
}

export const serviceAlertId = (unit: string) => `svc.${unit}`;

/**
 * What one sample says about every sample-driven alert (pure). A rule with nothing to
 * look at (no temperature sensor, internet check off) says nothing.
 */
export function observe(input: ObserveInput): Observation[] {
  const { sample: s, cfg, previous } = input;
  const out: Observation[] = [];

  out.push({
    id: 'cpu',
    family: 'cpu',
    level: above(s.cpu.usagePercent, cfg.cpuPercent, cfg.margins.cpuPercent),
    forMs: cfg.cpuForMs,
    text: toHtml(alertTexts.cpu(s.cpu.usagePercent, cfg.cpuPercent, cfg.cpuForMs)),
    label: 'CPU',
  });

  out.push({
    id: 'ram',
    family: 'ram',
    level: below(s.mem.availableBytes, cfg.ramMinBytes, cfg.margins.ramBytes),
    forMs: 0,
    text: toHtml(alertTexts.ram(s.mem.availableBytes, cfg.ramMinBytes)),
    label: 'RAM',
  });

  for (const d of s.disks) {
    const isRoot = d.mount === '/';
    const target = isRoot ? 'root' : 'hdd';
    if (!isRoot && !d.mounted) continue; // the "HDD not mounted" rule speaks for it
    out.push({
      id: `disk.${target}`,
      family: 'disk',
      level: above(d.usePercent, cfg.diskPercent, cfg.margins.diskPercent),
      forMs: 0,
      text: toHtml(alertTexts.disk(isRoot ? '/' : `HDD (${d.mount})`, d.usePercent, d.sizeBytes - d.usedBytes, cfg.diskPercent)),
      label: isRoot ? 'Disk /' : 'HDD',
      buttons: diskAlertButtons(target),
    });
  }

  if (s.tempC !== null) {
    out.push({
      id: 'temp',
      family: 'temp',
      level: above(s.tempC, cfg.tempC, cfg.margins.tempC),
      forMs: cfg.tempForMs,
      text: toHtml(alertTexts.temp(s.tempC, cfg.tempC, cfg.tempForMs)),
      label: 'Suhu CPU',
    });
  }

  const hdd = s.disks.find((d) => d.mount === input.hddMount);
  if (hdd) {
    out.push({ id: 'hdd', family: 'hdd', level: hdd.mounted ? 'clear' : 'bad', forMs: 0, text: input.hddSeenMounted === false ? toHtml(alertTexts.hddNeverMounted(input.hddMount)) : toHtml(alertTexts.hddUnmounted(input.hddMount)), label: 'HDD' });
  }

  if (s.net) {
    out.push({
      id: 'net',
      family: 'net',
      level: s.net.reachable ? 'clear' : 'bad',
      forMs: cfg.netForMs,
      text: toHtml(alertTexts.netLost(s.net.target)),
      label: 'Internet',
    });
  }

  for (const svc of s.services) {
    const id = serviceAlertId(svc.unit);
    const was = previous?.services.find((p) => p.unit === svc.unit);
    let level: Level;
    if (!svc.found) level = 'hold';
    else if (svc.active === 'failed') level = 'bad';
    else if (svc.active === 'active') level = 'clear';
    else if (svc.active === 'inactive') {
      if (input.stoppedOnPurpose.has(svc.unit)) level = 'clear';
      else if (was?.active === 'active' || input.open.has(id)) level = 'bad';
      else level = 'hold';
    } else level = 'hold'; // activating, deactivating, reloading: wait for the outcome
    // Telegram allows at most 64 bytes of callback data: a button for a longer unit name is left out.
    const restart = buttons.alert.tryBuild({ kind: 'restart', unit: svc.unit });
    out.push({
      id,
      family: 'service',
      level,
      forMs: 0,
      text: toHtml(alertTexts.service(svc.unit, svc.active, svc.sub)),
      label: `Service ${svc.unit}`,
      ...(restart !== undefined ? { buttons: [[{ text: '🔄 Restart', data: restart }]] } : {}),
    });
  }
  out.push(...observeProbes(s, { forMs: input.probeForMs ?? 60_000, stoppedOnPurpose: input.stoppedOnPurpose }));
  out.push(...observePower(s, previous, cfg.batteryCriticalPercent));
  out.push(...observeContainers({ sample: s, previous, whitelist: input.dockerWhitelist ?? [], open: input.open, stoppedOnPurpose: input.dockerStopped ?? new Set() }));
  return out;
}

/** The timing of an alert: its window, the reminder interval and the clear window. */
export function timingOf(obs: Pick<Observation, 'forMs' | 'family' | 'id'>, cfg: AlertConfig): Timing {
  // A failed backup stays "failed" until the next good one: one message, no reminders.
  // The same for the critical battery (the shutdown follows); AC back is news at once.
  const oneOff = obs.family === 'backup' || (obs.family === 'power' && obs.id === 'battery');
  const remindMs = oneOff ? Number.POSITIVE_INFINITY : cfg.remindMs;
  // A host's fresh heartbeat is news at once (clearForMs 0 below).
  // A forecast speaks of days and is seen hourly: a daily reminder, and its hysteresis is in the rule.
  if (isForecastAlert(obs.id)) return { forMs: obs.forMs, remindMs: Math.max(remindMs, FORECAST_REMIND_MS), clearForMs: 0 };
  return { forMs: obs.forMs, remindMs, clearForMs: obs.family === 'backup' || obs.family === 'power' || obs.family === 'host' ? 0 : cfg.clearForMs };
}

/** The "Bisukan" row (1 jam, 8 jam, sampai besok pagi), when its callback data fits. */
export function muteRow(id: string): { text: string; data: string }[][] {
  const oneHour = buttons.alert.tryBuild({ kind: 'mute', alertId: id, minutes: 60 });
  const eightHours = buttons.alert.tryBuild({ kind: 'mute', alertId: id, minutes: 480 });
  const tomorrow = buttons.alert.tryBuild({ kind: 'mute-tomorrow', alertId: id });
  if (oneHour === undefined || eightHours === undefined || tomorrow === undefined) return [];
  return [
    [
      { text: '🔕 Bisukan 1 jam', data: oneHour },
      { text: '🔕 8 jam', data: eightHours },
      { text: '🔕 Sampai besok', data: tomorrow },
    ],
  ];
}
