import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostSample, keys, type HostSample } from '@potion/jobs';
import type { Deps } from '../context.js';
import { pingHealthcheck, urlHost } from '../healthcheck-ping.js';
import { takeSample } from '../sampler.js';
import type { Handler } from './types.js';

/** History kept for charts: 24 h at the default 30 s interval. */
export const HISTORY_LENGTH = 2880;

export async function sampleAndStore(deps: Deps): Promise<HostSample> {
  const sample = await takeSample({ hddMount: deps.config.hddMount, procRoot: deps.procRoot, now: deps.now });
  const json = JSON.stringify(sample);
  await deps.redis.multi().set(keys.sampleLatest, json).lpush(keys.sampleHistory, json).ltrim(keys.sampleHistory, 0, HISTORY_LENGTH - 1).exec();
  return sample;
}

/** The newest stored sample, or undefined when there is none or it does not parse. */
export async function latestSample(deps: Deps): Promise<HostSample | undefined> {
  const raw = await deps.redis.get(keys.sampleLatest);
  if (!raw) return undefined;
  const r = hostSample.safeParse(JSON.parse(raw));
  return r.success ? r.data : undefined;
}

export const healthSample: Handler<'health.sample'> = {
  run: (_data, ctx) => sampleAndStore(ctx),
  present: (s) => ({ text: `sampel diambil dalam ${s.tookMs} ms` }),
};

export const healthHeartbeat: Handler<'health.heartbeat'> = {
  run: async (_data, ctx) => {
    const at = ctx.now();
    const file = join(ctx.config.dataDir, 'last_ok');
    await mkdir(ctx.config.dataDir, { recursive: true });
    // Write then rename: a power cut leaves the old or the new timestamp, never half a file.
    await writeFile(`${file}.tmp`, `${new Date(at).toISOString()}\n`);
    await rename(`${file}.tmp`, file);
    await ctx.redis.set(keys.heartbeat, String(at));
    if (!ctx.config.healthcheckUrl) return { at, file };
    const ping = await pingHealthcheck(ctx.config.healthcheckUrl);
    if (!ping.ok) ctx.log.warn({ module: 'worker:heartbeat', host: urlHost(ctx.config.healthcheckUrl), error: ping.error, ms: ping.ms }, 'healthcheck ping failed');
    return { at, file, ping };
  },
  present: (r) => ({ text: `heartbeat ${new Date(r.at).toISOString()}` }),
};
