/**
 * What one 24 h chart costs: 2880 samples (24 h at the 30 s default) parsed from their
 * JSON lines as chart.render reads them from Redis, drawn into four panels and encoded
 * as PNG (apps/worker/src/chart, pure JS). Extra memory is heap + external + array
 * buffers allocated by one render (measured after a forced GC, before the next one),
 * and the RSS growth over the first render. Wall time suffers when the machine is busy;
 * the CPU time of this process is reported beside it. Targets (issue 10): < 200 ms, < 30 MB.
 *
 * Run: npm run build && node bench/dist/chart.js
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { hostSample } from '@potion/jobs';
import { renderChart, syntheticHistory } from '@potion/worker';

const RUNS = 20;
const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

export async function run(): Promise<Record<string, number | string>> {
  const now = Date.now();
  const lines = syntheticHistory(2880, now).map((s) => JSON.stringify(s));
  const once = () => {
    const samples = lines.map((l) => hostSample.parse(JSON.parse(l)));
    return renderChart({ samples, hours: 24, now, timeZone: 'Asia/Jakarta' });
  };
  gc();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const first = once();
  const firstMs = performance.now() - t0;
  const rssGrowth = process.memoryUsage().rss - rss0;

  const times: number[] = [];
  const cpu: number[] = [];
  const extra: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    gc();
    const m0 = used();
    const t = performance.now();
    const c0 = process.cpuUsage();
    once();
    times.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    extra.push(used() - m0);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const med = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
  const max = (xs: number[]) => sorted(xs).at(-1)!;
  const r2 = (n: number) => Math.round(n * 100) / 100;
  return {
    points: first.points,
    image: `${first.width}x${first.height}`,
    pngKB: r2(first.png.length / 1024),
    firstMs: r2(firstMs),
    medianMs: r2(med(times)),
    maxMs: r2(max(times)),
    // CPU time of this process: less disturbed than wall time when the machine is busy.
    cpuMsMedian: r2(med(cpu)),
    extraMBMedian: r2(med(extra) / MB),
    extraMBMax: r2(max(extra) / MB),
    rssGrowthFirstMB: r2(rssGrowth / MB),
    targets: '< 200 ms, < 30 MB',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await run());
}
