import { CommandError } from './command-error.js';
import type { Runner, RunOptions } from './runner.js';

export interface SmartDevice {
  name: string;
  /** The -d type smartctl detected (sat, nvme, scsi...). */
  type: string;
}

export interface SmartHealth {
  device: string;
  model: string;
  /** SMART overall-health self-assessment; undefined when the drive did not answer it. */
  passed: boolean | undefined;
  temperatureC: number | undefined;
  powerOnHours: number | undefined;
  /** ATA attributes 5, 197, 198 (raw values): more than 0 means the disk is wearing out. */
  reallocatedSectors: number | undefined;
  pendingSectors: number | undefined;
  uncorrectableSectors: number | undefined;
  /** ATA attribute 199 (UDMA_CRC_Error_Count): cable or connector errors, the data itself is fine. */
  crcErrors: number | undefined;
  /** NVMe: percentage used of the rated endurance. */
  percentageUsed: number | undefined;
  /** smartctl's exit status bits 3-7 (disk failing, prefail attribute at threshold, errors logged...). */
  warnings: string[];
  error: string | undefined;
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The -d types the worker passes to `sudo smartctl` (what `smartctl --scan` reports on Linux
 * for SATA, SCSI/USB, NVMe and USB-NVMe bridges); anything else becomes "auto". The sudo rule
 * allows exactly these (apps/cli/src/sudoers.ts), so a type such as "test" never runs as root.
 */
export const SMART_DEVICE_TYPES = ['auto', 'ata', 'sat', 'scsi', 'nvme', 'sntasmedia', 'sntjmicron', 'sntrealtek'] as const;
/**
 * The devices the worker reads SMART data of, as a POSIX extended regex over the whole path:
 * /dev/sda../dev/sdzz and NVMe controllers or namespaces (/dev/nvme0, /dev/nvme0n1). The sudo
 * rule uses the same pattern: no other path (/etc/shadow, /proc/self/mem) can follow -d.
 */
export const SMART_DEVICE_PATTERN = '/dev/(sd[a-z][a-z]?|nvme[0-9][0-9]?(n[0-9][0-9]?)?)';
const smartDevice = new RegExp(`^${SMART_DEVICE_PATTERN}$`);
const smartTypes: ReadonlySet<string> = new Set(SMART_DEVICE_TYPES);

/** Parses `smartctl --scan -j`: `{"devices":[{"name":"/dev/sda","type":"sat",...}]}`. */
export function parseSmartScan(json: string): SmartDevice[] {
  const d = rec(JSON.parse(json));
  return (Array.isArray(d.devices) ? d.devices : [])
    .map(rec)
    // Both values become arguments of a root command: accept only plain device paths and types.
    .filter((x) => typeof x.name === 'string' && smartDevice.test(x.name))
    .map((x) => ({ name: x.name as string, type: typeof x.type === 'string' && smartTypes.has(x.type) ? x.type : 'auto' }));
}

const EXIT_BITS: [number, string][] = [
  [3, 'disk failing (SMART status bad)'],
  [4, 'a pre-failure attribute is at or below its threshold'],
  [5, 'an attribute was at or below its threshold in the past'],
  [6, 'the device error log has errors'],
  [7, 'the self-test log has errors'],
];

/** Parses `smartctl -j -i -H -A` (smartmontools 7.4) for an ATA or NVMe drive. */
export function parseSmartHealth(json: string, device: string): SmartHealth {
  const d = rec(JSON.parse(json));
  const sc = rec(d.smartctl);
  const exit = num(sc.exit_status) ?? 0;
  const messages = (Array.isArray(sc.messages) ? sc.messages : []).map(rec).map((m) => String(m.string ?? '')).filter(Boolean);
  const attrs = new Map<number, number>();
  for (const a of (Array.isArray(rec(d.ata_smart_attributes).table) ? (rec(d.ata_smart_attributes).table as unknown[]) : []).map(rec)) {
    const id = num(a.id);
    const raw = num(rec(a.raw).value);
    if (id !== undefined && raw !== undefined) attrs.set(id, raw);
  }
  const nvme = rec(d.nvme_smart_health_information_log);
  const status = rec(d.smart_status);
  return {
    device: rec(d.device).name !== undefined ? String(rec(d.device).name) : device,
    model: String(d.model_name ?? d.model_family ?? ''),
    passed: typeof status.passed === 'boolean' ? status.passed : undefined,
    temperatureC: num(rec(d.temperature).current),
    powerOnHours: num(rec(d.power_on_time).hours),
    reallocatedSectors: attrs.get(5),
    pendingSectors: attrs.get(197),
    uncorrectableSectors: attrs.get(198),
    crcErrors: attrs.get(199),
    percentageUsed: num(nvme.percentage_used),
    warnings: EXIT_BITS.filter(([bit]) => (exit & (1 << bit)) !== 0).map(([, w]) => w),
    error: exit & 0b11 ? messages.join(' | ') || `smartctl exit status ${exit}` : undefined,
  };
}

export type SmartReport = { installed: false } | { installed: true; devices: SmartHealth[] };

/**
 * SMART health of every disk smartctl finds. Reading SMART data needs root, so each disk is
 * read through `sudo -n smartctl -j -i -H -A -d TYPE DEVICE`. smartctl's exit status is a bit
 * mask, so a non-zero exit with JSON on stdout is still a result.
 */
export async function smartReport(run: Runner, opts: RunOptions = {}): Promise<SmartReport> {
  let devices: SmartDevice[];
  try {
    const r = await run('smartctl', ['--scan', '-j'], { timeoutMs: 15_000, ...opts });
    devices = parseSmartScan(r.stdout);
  } catch (err) {
    if (err instanceof CommandError && err.failure === 'not-found') return { installed: false };
    throw err;
  }
  const out: SmartHealth[] = [];
  for (const dev of devices) {
    let stdout: string;
    try {
      stdout = (await run('sudo', ['-n', 'smartctl', '-j', '-i', '-H', '-A', '-d', dev.type, dev.name], { timeoutMs: 30_000, ...opts })).stdout;
    } catch (err) {
      if (!(err instanceof CommandError) || err.failure !== 'exit' || !err.stdout.trim().startsWith('{')) throw err;
      stdout = err.stdout;
    }
    out.push(parseSmartHealth(stdout, dev.name));
  }
  return { installed: true, devices: out };
}
