import { ENV_VARS, type AlertConfig, type VariableName } from '@potion/platform';
import { z } from 'zod';

/**
 * The alert thresholds and windows an admin may change from ⚙️ Settings → 📏 Ambang alert,
 * each declared once: its page (group), the `.env` variable that holds its default of
 * record, the unit it is typed and shown in, the values offered as buttons, and where it
 * lands in the config. The allowed range is the `.env` variable's own (read from its
 * declaration), so the chat accepts exactly what the `.env` would.
 * See docs/decisions/046-settings-from-chat.md.
 */
export const TUNE_GROUPS = ['cpu', 'ram', 'disk', 'temp', 'probe', 'net', 'battery', 'login', 'general'] as const;
export type TuneGroup = (typeof TUNE_GROUPS)[number];
export const tuneGroup = z.enum(TUNE_GROUPS);

export const TUNABLE_IDS = [
  'cpu.pct',
  'cpu.for',
  'cpu.margin',
  'ram.min',
  'ram.margin',
  'disk.pct',
  'disk.margin',
  'temp.c',
  'temp.for',
  'temp.margin',
  'probe.for',
  'net.for',
  'battery.pct',
  'login.count',
  'login.window',
  'remind',
  'clear',
] as const;
export type TunableId = (typeof TUNABLE_IDS)[number];
export const tunableId = z.enum(TUNABLE_IDS);

/** The unit a value is typed and shown in (the `.env` variable's unit). */
export type TuneUnit = '%' | 'detik' | 'menit' | 'MB' | '°C' | 'kali';

type AlertNumberKey = { [K in keyof AlertConfig]: AlertConfig[K] extends number ? K : never }[keyof AlertConfig];

/**
 * Where the value lives in the config, which holds value × `scale` there (seconds as ms,
 * MB as bytes): `alerts.<key>`, `alerts.margins.<key>`, or the top-level `probeForMs`.
 */
export type TuneSlot = { in: 'alerts'; key: AlertNumberKey } | { in: 'margins'; key: keyof AlertConfig['margins'] } | { in: 'probe' };

interface TunableSpec {
  group: TuneGroup;
  /** The `.env` variable: its value is the default of record, its schema the allowed range. */
  env: VariableName;
  /** Short Indonesian name shown on the page and in 📜 Aktivitas. */
  label: string;
  /** One Indonesian sentence: what the value does. */
  hint: string;
  unit: TuneUnit;
  /** Common values offered as buttons (inside the range: a unit test checks it). */
  presets: readonly number[];
  slot: TuneSlot;
  /** The config holds value × scale (1000 for seconds → ms, 60 000 for minutes, MB → bytes). */
  scale: number;
}

const SEC = 1000;
const MIN = 60_000;
const MB = 1024 * 1024;

const SPECS: Record<TunableId, TunableSpec> = {
  'cpu.pct': { group: 'cpu', env: 'ALERT_CPU_PERCENT', label: 'Batas CPU', hint: 'alert kalau pemakaian CPU di atas angka ini', unit: '%', presets: [70, 80, 85, 90, 95], slot: { in: 'alerts', key: 'cpuPercent' }, scale: 1 },
  'cpu.for': { group: 'cpu', env: 'ALERT_CPU_FOR_SEC', label: 'Lama CPU tinggi', hint: 'CPU harus tinggi terus selama ini dulu, baru alert', unit: 'detik', presets: [60, 180, 300, 600, 900], slot: { in: 'alerts', key: 'cpuForMs' }, scale: SEC },
  'cpu.margin': { group: 'cpu', env: 'ALERT_MARGIN_CPU_PERCENT', label: 'Jarak normal CPU', hint: 'dianggap normal lagi kalau sudah turun sejauh ini di bawah batas', unit: '%', presets: [5, 10, 15, 20], slot: { in: 'margins', key: 'cpuPercent' }, scale: 1 },
  'ram.min': { group: 'ram', env: 'ALERT_RAM_MIN_MB', label: 'Batas RAM sisa', hint: 'alert kalau RAM yang masih bisa dipakai di bawah angka ini', unit: 'MB', presets: [250, 500, 1000, 2000], slot: { in: 'alerts', key: 'ramMinBytes' }, scale: MB },
  'ram.margin': { group: 'ram', env: 'ALERT_MARGIN_RAM_MB', label: 'Jarak normal RAM', hint: 'dianggap normal lagi kalau RAM sisa sudah sejauh ini di atas batas', unit: 'MB', presets: [50, 100, 250, 500], slot: { in: 'margins', key: 'ramBytes' }, scale: MB },
  'disk.pct': { group: 'disk', env: 'ALERT_DISK_PERCENT', label: 'Batas disk penuh', hint: 'alert kalau disk / atau HDD terisi lebih dari ini', unit: '%', presets: [80, 85, 90, 95], slot: { in: 'alerts', key: 'diskPercent' }, scale: 1 },
  'disk.margin': { group: 'disk', env: 'ALERT_MARGIN_DISK_PERCENT', label: 'Jarak normal disk', hint: 'dianggap normal lagi kalau isinya sudah turun sejauh ini di bawah batas', unit: '%', presets: [1, 2, 5], slot: { in: 'margins', key: 'diskPercent' }, scale: 1 },
  'temp.c': { group: 'temp', env: 'ALERT_TEMP_C', label: 'Batas suhu CPU', hint: 'alert kalau suhu CPU di atas angka ini', unit: '°C', presets: [75, 80, 85, 90], slot: { in: 'alerts', key: 'tempC' }, scale: 1 },
  'temp.for': { group: 'temp', env: 'ALERT_TEMP_FOR_SEC', label: 'Lama suhu tinggi', hint: 'suhu harus tinggi terus selama ini dulu, baru alert', unit: 'detik', presets: [60, 180, 300, 600], slot: { in: 'alerts', key: 'tempForMs' }, scale: SEC },
  'temp.margin': { group: 'temp', env: 'ALERT_MARGIN_TEMP_C', label: 'Jarak normal suhu', hint: 'dianggap normal lagi kalau suhu sudah turun sejauh ini di bawah batas', unit: '°C', presets: [3, 5, 10], slot: { in: 'margins', key: 'tempC' }, scale: 1 },
  'probe.for': { group: 'probe', env: 'ALERT_PROBE_FOR_SEC', label: 'Lama probe gagal', hint: 'service yang nyala tapi gak jawab probe selama ini, baru di-alert', unit: 'detik', presets: [30, 60, 120, 300], slot: { in: 'probe' }, scale: SEC },
  'net.for': { group: 'net', env: 'ALERT_NET_FOR_SEC', label: 'Lama internet putus', hint: 'cek internet harus gagal terus selama ini dulu, baru "koneksi putus"', unit: 'detik', presets: [30, 60, 120, 300], slot: { in: 'alerts', key: 'netForMs' }, scale: SEC },
  'battery.pct': { group: 'battery', env: 'BATTERY_CRITICAL_PERCENT', label: 'Baterai kritis', hint: 'pas listrik padam dan baterai segini atau kurang, server dimatikan dengan rapi', unit: '%', presets: [5, 10, 15, 20], slot: { in: 'alerts', key: 'batteryCriticalPercent' }, scale: 1 },
  'login.count': { group: 'login', env: 'LOGIN_FAIL_COUNT', label: 'Jumlah login gagal', hint: 'segini login SSH gagal dalam jendela waktunya = satu alert', unit: 'kali', presets: [3, 5, 10, 20], slot: { in: 'alerts', key: 'loginFailCount' }, scale: 1 },
  'login.window': { group: 'login', env: 'LOGIN_FAIL_WINDOW_MIN', label: 'Jendela login gagal', hint: 'rentang waktu untuk menghitung login gagal', unit: 'menit', presets: [5, 10, 30, 60], slot: { in: 'alerts', key: 'loginFailWindowMs' }, scale: MIN },
  remind: { group: 'general', env: 'ALERT_REMIND_MIN', label: 'Jarak pengingat', hint: 'alert yang masih berlangsung diingatkan lagi tiap segini', unit: 'menit', presets: [5, 15, 30, 60], slot: { in: 'alerts', key: 'remindMs' }, scale: MIN },
  clear: { group: 'general', env: 'ALERT_CLEAR_FOR_SEC', label: 'Lama normal', hint: 'kondisi harus normal selama ini dulu, baru "sudah normal lagi"', unit: 'detik', presets: [30, 60, 120, 300], slot: { in: 'alerts', key: 'clearForMs' }, scale: SEC },
};

/** A tunable value with its allowed range (inclusive, in its unit). */
export interface Tunable extends TunableSpec {
  id: TunableId;
  min: number;
  max: number;
}

/** The range of an integer `.env` variable, read from its declared schema. */
function rangeOf(env: VariableName): { min: number; max: number } {
  const schema = ENV_VARS[env].schema as unknown;
  if (!(schema instanceof z.ZodNumber) || schema.minValue === null || schema.maxValue === null) throw new Error(`${env} is not a bounded number: it cannot be tuned from the chat`);
  return { min: schema.minValue, max: schema.maxValue };
}

export const TUNABLES: Readonly<Record<TunableId, Tunable>> = Object.fromEntries(TUNABLE_IDS.map((id) => [id, { id, ...SPECS[id], ...rangeOf(SPECS[id].env) }])) as Record<TunableId, Tunable>;

/** Indonesian page names of the groups, for the buttons and the page title. */
export const TUNE_GROUP_LABELS: Record<TuneGroup, string> = {
  cpu: '🧠 CPU',
  ram: '🧮 RAM',
  disk: '💽 Disk',
  temp: '🌡️ Suhu',
  probe: '🩺 Probe service',
  net: '🌐 Internet',
  battery: '🔋 Baterai',
  login: '🔐 Login SSH',
  general: '⏰ Pengingat & normal',
};

/** The values of one page, in the catalog's order. */
export const tunablesOf = (group: TuneGroup): Tunable[] => TUNABLE_IDS.map((id) => TUNABLES[id]).filter((t) => t.group === group);
