import { chartSample, type ChartSample, type HostKeys } from '@potion/jobs';
import type { Redis } from 'ioredis';

/** The chart windows the page offers, in hours (the bot's 📈 Grafik offers the same). */
export const CHART_HOURS = [1, 6, 24] as const;
export type ChartHours = (typeof CHART_HOURS)[number];

/** Points per line: one per minute for 1 h, one per 3 min for 6 h, one per 10 min for 24 h. */
const BUCKETS: Record<ChartHours, number> = { 1: 60, 6: 120, 24: 144 };
/** The history holds one sample per minute, newest first: this many entries cover the window. */
const ENTRIES_PER_HOUR = 60;
/** Entries read per LRANGE, so a 24 h page never holds the whole list at once. */
const CHUNK = 240;

/** One line of a chart: a value per bucket, null where no sample fell (a gap is drawn as one). */
export interface Series {
  label: string;
  values: Array<number | null>;
  /** The newest sample's value and the highest of any sample in the window (not of the averages). */
  last: number | null;
  peak: number | null;
}

/** The window as charts: bucket i covers [from + i*stepMs, from + (i+1)*stepMs). */
export interface History {
  hours: ChartHours;
  from: number;
  to: number;
  stepMs: number;
  /** Samples inside the window. */
  samples: number;
  cpu: Series;
  ram: Series;
  temp: Series;
  disks: Series[];
}

class Sums {
  readonly sum: number[];
  readonly count: number[];
  peak: number | null = null;
  last: { at: number; v: number } | null = null;
  constructor(n: number) {
    this.sum = new Array<number>(n).fill(0);
    this.count = new Array<number>(n).fill(0);
  }
  add(i: number, at: number, v: number): void {
    this.sum[i]! += v;
    this.count[i]! += 1;
    this.peak = Math.max(this.peak ?? v, v);
    if (!this.last || at > this.last.at) this.last = { at, v };
  }
  series(label: string): Series {
    return { label, values: this.sum.map((s, i) => (this.count[i]! > 0 ? s / this.count[i]! : null)), last: this.last?.v ?? null, peak: this.peak };
  }
}

/**
 * The last `hours` of the sampler history as averaged buckets. Reads only the entries the
 * window needs (60 for 1 h, 1440 for 24 h), CHUNK at a time, keeping the sums and nothing else.
 */
export async function readHistory(redis: Redis, hk: HostKeys, opts: { hours: ChartHours; now: number }): Promise<History> {
  const fold = new Fold(opts);
  try {
    const wanted = opts.hours * ENTRIES_PER_HOUR + 1;
    for (let start = 0; start < wanted; start += CHUNK) {
      const batch = await redis.lrange(hk.sampleHistory, start, Math.min(start + CHUNK, wanted) - 1);
      if (!batch.every((raw) => fold.add(parse(raw))) || batch.length < CHUNK) break;
    }
  } catch {
    // Redis unreadable: the page says so at the top (readOverview); the charts are just empty.
    return new Fold(opts).result();
  }
  return fold.result();
}

/** The window's buckets, filled one sample at a time (newest first, as the history holds them). */
class Fold {
  readonly #hours: ChartHours;
  readonly #n: number;
  readonly #from: number;
  readonly #to: number;
  readonly #stepMs: number;
  readonly #cpu: Sums;
  readonly #ram: Sums;
  readonly #temp: Sums;
  readonly #disks = new Map<string, Sums>();
  readonly #seen = new Set<number>();

  constructor(opts: { hours: ChartHours; now: number }) {
    this.#hours = opts.hours;
    this.#n = BUCKETS[opts.hours];
    this.#to = opts.now;
    this.#from = opts.now - opts.hours * 3_600_000;
    this.#stepMs = (this.#to - this.#from) / this.#n;
    this.#cpu = new Sums(this.#n);
    this.#ram = new Sums(this.#n);
    this.#temp = new Sums(this.#n);
  }

  /** False once a sample is older than the window: the rest of the list is older still. */
  add(s: ChartSample | null): boolean {
    if (!s || this.#seen.has(s.at) || s.at > this.#to) return true;
    if (s.at < this.#from) return false;
    this.#seen.add(s.at);
    const i = Math.min(this.#n - 1, Math.floor((s.at - this.#from) / this.#stepMs));
    this.#cpu.add(i, s.at, s.cpu.usagePercent);
    if (s.mem.totalBytes > 0) this.#ram.add(i, s.at, (s.mem.usedBytes / s.mem.totalBytes) * 100);
    if (s.tempC !== null) this.#temp.add(i, s.at, s.tempC);
    for (const d of s.disks) {
      if (!d.mounted) continue;
      const sums = this.#disks.get(d.mount) ?? new Sums(this.#n);
      this.#disks.set(d.mount, sums);
      sums.add(i, s.at, d.usePercent);
    }
    return true;
  }

  result(): History {
    return {
      hours: this.#hours,
      from: this.#from,
      to: this.#to,
      stepMs: this.#stepMs,
      samples: this.#seen.size,
      cpu: this.#cpu.series('CPU'),
      ram: this.#ram.series('RAM'),
      temp: this.#temp.series('Suhu'),
      disks: [...this.#disks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([mount, sums]) => sums.series(mount)),
    };
  }
}

function parse(raw: string): ChartSample | null {
  try {
    const r = chartSample.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The window asked for in `?jam=` (1, 6 or 24); anything else is the 1 h default. */
export function chartHoursOf(query: unknown): ChartHours {
  const raw = query !== null && typeof query === 'object' ? (query as Record<string, unknown>).jam : undefined;
  return CHART_HOURS.find((h) => String(h) === raw) ?? 1;
}
