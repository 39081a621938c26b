/**
 * Disk-full forecast: a least-squares line through the disk use history of one mount,
 * trusted only when the window is long enough, the slope is clearly positive and the line
 * fits. Pure: the status summary shows it, and the alert code can call `diskFullSoon` for
 * an early warning before the 90% threshold.
 */
import { formatNumber } from '@potion/jobs';

export interface DiskPoint {
  /** Unix ms. */
  at: number;
  usePercent: number;
}

export interface ForecastOptions {
  /** Shortest history the trend is computed over. Default 20 h (the sampler keeps 24 h). */
  minSpanMs?: number;
  /** Smallest coefficient of determination R² of the fit. Default 0.7. */
  minR2?: number;
  /** Smallest growth to call it a trend, percentage points per day. Default 0.2. */
  minSlopePerDay?: number;
  /** Forecasts further away than this are not worth saying. Default 60 days. */
  horizonDays?: number;
}

export interface DiskForecast {
  mount: string;
  usePercent: number;
  /** Growth, percentage points per day. */
  slopePerDay: number;
  r2: number;
  /** Days until 100% from the latest point at the fitted rate. */
  daysToFull: number;
  /** Unix ms when the disk would be full. */
  fullAt: number;
}

const DAY_MS = 86_400_000;

/** Least squares y = a + b·x; r2 is 0 for a flat line. */
export function fitLine(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const r2 = sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : 0;
  return { slope, intercept: my - slope * mx, r2 };
}

/** The forecast for one mount, or undefined when the history does not show a clear, filling trend. */
export function forecastDisk(mount: string, points: readonly DiskPoint[], opts: ForecastOptions = {}): DiskForecast | undefined {
  const minSpan = opts.minSpanMs ?? 20 * 3600_000;
  const pts = [...points].filter((p) => Number.isFinite(p.usePercent)).sort((a, b) => a.at - b.at);
  if (pts.length < 10) return undefined;
  const first = pts[0]!.at;
  const last = pts.at(-1)!;
  if (last.at - first < minSpan) return undefined;
  // x in days from the first point keeps the numbers small.
  const fit = fitLine(
    pts.map((p) => (p.at - first) / DAY_MS),
    pts.map((p) => p.usePercent),
  );
  if (fit.slope < (opts.minSlopePerDay ?? 0.2) || fit.r2 < (opts.minR2 ?? 0.7)) return undefined;
  const daysToFull = Math.max(0, (100 - last.usePercent) / fit.slope);
  if (daysToFull > (opts.horizonDays ?? 60)) return undefined;
  return { mount, usePercent: last.usePercent, slopePerDay: fit.slope, r2: fit.r2, daysToFull, fullAt: last.at + daysToFull * DAY_MS };
}

/** "~9 hari", "~14 jam", "kurang dari 1 jam". */
export function roughTime(days: number): string {
  const hours = days * 24;
  if (hours < 1) return 'kurang dari 1 jam';
  if (hours < 48) return `~${Math.round(hours)} jam`;
  return `~${Math.round(days)} hari`;
}

export function diskLabel(mount: string): string {
  return mount === '/' ? 'Disk /' : `HDD (${mount})`;
}

/** The status line: "⏳ Disk / penuh dalam ~9 hari kalau terus begini (naik ~1,5%/hari)" plus the safe next step. */
export function forecastLine(f: DiskForecast): string {
  const rate = formatNumber(f.slopePerDay, 1);
  const todo = f.mount === '/' ? 'Hapus file besar yang tidak perlu (unduhan, log lama) atau pindahkan ke HDD.' : 'Hapus snapshot lama atau kurangi jumlah simpanan backup.';
  return `⏳ ${diskLabel(f.mount)} penuh dalam ${roughTime(f.daysToFull)} kalau terus begini (naik ~${rate}%/hari). ${todo}`;
}

/**
 * For an early alert (before the 90% threshold): the forecasts that reach 100% within
 * `withinDays` (default 7). Call with the sampler history (keys.sampleHistory) turned
 * into points per mount, e.g. with `diskPointsOf` from ./disk-points.ts.
 */
export function diskFullSoon(byMount: ReadonlyMap<string, readonly DiskPoint[]>, withinDays = 7, opts: ForecastOptions = {}): DiskForecast[] {
  return [...byMount.entries()]
    .map(([mount, pts]) => forecastDisk(mount, pts, opts))
    .filter((f): f is DiskForecast => f !== undefined && f.daysToFull <= withinDays);
}

/** The text of the early alert for one forecast (Indonesian, says what it means and what to do). */
export function forecastAlertText(f: DiskForecast): string {
  return [
    `⚠️ ${diskLabel(f.mount)} diperkirakan penuh dalam ${roughTime(f.daysToFull)} (sekarang ${Math.round(f.usePercent)}%).`,
    'Kalau penuh, aplikasi bisa gagal menyimpan data dan backup berhenti.',
    f.mount === '/' ? 'Yang aman dilakukan sekarang: hapus file besar yang tidak perlu (unduhan, log lama) atau pindahkan ke HDD.' : 'Yang aman dilakukan sekarang: hapus snapshot lama di 💾 Backup atau kurangi jumlah simpanan backup.',
  ].join('\n');
}
