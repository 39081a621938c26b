import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@potion/platform';
import { evaluateSample } from '../../alerts/engine.js';
import { maybeEvaluateForecast } from '../../alerts/forecast-alert.js';
import { announceMuteEnds, muteEndsBySample } from '../../alerts/mute-ends.js';
import { latestSample, sampleAndStore } from '../../host/samples.js';
import { pingHealthcheck, urlHost } from '../../runtime/healthcheck-ping.js';
import type { Handler } from '../types.js';
import { presentHeartbeat, presentSample } from './present.js';

export const healthSample: Handler<'health.sample'> = {
  run: async (_data, ctx) => {
    // First, so a sample that cannot be taken does not hold the note back, and before the
    // alerts a mute held back can fire (docs/decisions/056).
    if (muteEndsBySample(ctx.config)) await announceMuteEnds(ctx);
    const previous = await latestSample(ctx);
    const sample = await sampleAndStore(ctx);
    await evaluateSample(ctx, sample, previous);
    // The disk-full forecast reads the whole history: at most hourly, not every 30 s.
    await maybeEvaluateForecast(ctx);
    return sample;
  },
  present: presentSample,
};

export const healthHeartbeat: Handler<'health.heartbeat'> = {
  run: async (_data, ctx) => {
    const at = ctx.now();
    const file = join(ctx.config.dataDir, 'last_ok');
    await mkdir(ctx.config.dataDir, { recursive: true });
    // Write then rename: a power cut leaves the old or the new timestamp, never half a file.
    await writeFileAtomic(file, `${new Date(at).toISOString()}\n`);
    await ctx.redis.set(ctx.keys.heartbeat, String(at));
    if (!ctx.config.healthcheckUrl) return { at, file };
    const ping = await pingHealthcheck(ctx.config.healthcheckUrl);
    if (!ping.ok) ctx.log.warn({ module: 'worker:heartbeat', host: urlHost(ctx.config.healthcheckUrl), error: ping.error, ms: ping.ms }, 'healthcheck ping failed');
    return { at, file, ping };
  },
  present: presentHeartbeat,
};
