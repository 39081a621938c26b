import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostSample, keys, type HostSample } from '@potion/jobs';
import { renderChart } from '../../chart/render.js';
import type { Deps } from '../../runtime/context.js';
import type { Handler } from '../types.js';
import { presentRender } from './present.js';

/**
 * Charts older than this are deleted when a new one is drawn. A day, so a photo still waiting
 * in the outbox while Telegram is unreachable is not deleted under it (each is ~20 KB).
 */
const KEEP_CHART_MS = 24 * 3600_000;

export function chartsDir(dataDir: string): string {
  return join(dataDir, 'charts');
}

/** The sampler history (keys.sampleHistory, newest first), the lines that parse. */
export async function sampleHistory(deps: Pick<Deps, 'redis' | 'keys'>): Promise<HostSample[]> {
  const raw = await deps.redis.lrange(deps.keys.sampleHistory, 0, -1);
  const out: HostSample[] = [];
  for (const line of raw) {
    try {
      const r = hostSample.safeParse(JSON.parse(line));
      if (r.success) out.push(r.data);
    } catch {
      // A line that is not JSON is skipped; the chart shows the rest.
    }
  }
  return out;
}

async function removeOld(dir: string, now: number): Promise<void> {
  for (const name of await readdir(dir).catch(() => [])) {
    const p = join(dir, name);
    const st = await stat(p).catch(() => undefined);
    if (st && now - st.mtimeMs > KEEP_CHART_MS) await rm(p, { force: true });
  }
}


export const chartRender: Handler<'chart.render'> = {
  run: async (data, ctx) => {
    const samples = await sampleHistory(ctx);
    const chart = renderChart({
      samples,
      hours: data.hours,
      now: ctx.now(),
      timeZone: ctx.config.timezone,
      ...(data.metric ? { metric: data.metric } : {}),
      gapMs: 3 * ctx.config.sampleIntervalMs,
    });
    const dir = chartsDir(ctx.config.dataDir);
    await mkdir(dir, { recursive: true });
    await removeOld(dir, ctx.now());
    const path = join(dir, `grafik-${data.hours}j-${ctx.requestId.replace(/[^A-Za-z0-9_-]/g, '-')}.png`);
    await writeFile(path, chart.png);
    return { path, hours: data.hours, points: chart.points, width: chart.width, height: chart.height, bytes: chart.png.length };
  },
  present: presentRender,
};
