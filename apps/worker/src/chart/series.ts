import type { HostSample } from '@potion/jobs';

export const CHART_METRICS = ['cpu', 'ram', 'temp', 'disk'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

/** One line of a panel: points (unix ms, value) oldest first; null values are gaps. */
export interface Line {
  label: string;
  points: Array<{ at: number; value: number | null }>;
}

export interface Panel {
  metric: ChartMetric;
  title: string;
  unit: string;
  /** Fixed range for percentages; temperature scales to its data. */
  min: number;
  max: number;
  lines: Line[];
}

const pct = (used: number, total: number): number => (total > 0 ? (used / total) * 100 : 0);

/** Turns samples (any order) inside [from, to] into the panels of the chart, oldest first. */
export function panelsOf(samples: readonly HostSample[], from: number, to: number, metrics: readonly ChartMetric[] = CHART_METRICS): Panel[] {
  const inWindow = samples.filter((s) => s.at >= from && s.at <= to).sort((a, b) => a.at - b.at);
  const out: Panel[] = [];
  for (const metric of metrics) {
    if (metric === 'cpu') {
      out.push({ metric, title: 'CPU', unit: '%', min: 0, max: 100, lines: [{ label: 'CPU', points: inWindow.map((s) => ({ at: s.at, value: s.cpu.usagePercent })) }] });
    } else if (metric === 'ram') {
      out.push({ metric, title: 'RAM', unit: '%', min: 0, max: 100, lines: [{ label: 'RAM', points: inWindow.map((s) => ({ at: s.at, value: pct(s.mem.usedBytes, s.mem.totalBytes) })) }] });
    } else if (metric === 'temp') {
      const values = inWindow.map((s) => s.tempC).filter((v): v is number => v !== null);
      const lo = Math.min(30, ...values);
      const hi = Math.max(90, ...values);
      out.push({
        metric,
        title: 'SUHU',
        unit: 'C',
        min: Math.floor(lo / 10) * 10,
        max: Math.ceil(hi / 10) * 10,
        lines: [{ label: 'SUHU', points: inWindow.map((s) => ({ at: s.at, value: s.tempC })) }],
      });
    } else {
      const mounts = [...new Set(inWindow.flatMap((s) => s.disks.map((d) => d.mount)))];
      out.push({
        metric,
        title: 'DISK',
        unit: '%',
        min: 0,
        max: 100,
        lines: mounts.map((mount) => ({
          label: mount === '/' ? '/' : 'HDD',
          points: inWindow.map((s) => {
            const d = s.disks.find((x) => x.mount === mount);
            return { at: s.at, value: d && d.mounted ? d.usePercent : null };
          }),
        })),
      });
    }
  }
  return out;
}
