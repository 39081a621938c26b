import type { HostSample } from '@potion/jobs';
import type { Deps } from '../runtime/context.js';
import { BATTERY_ALERT } from './power-rules.js';
import { loadOpen } from './store.js';
import { alertTexts } from './texts.js';

/**
 * After the rules ran on a sample: a desktop is noted once (a log line and a flag) and left
 * alone; a firing critical-battery alert queues one clean shutdown (job `host.shutdown`,
 * the must-not-repeat path of the bot's ⏻ Shutdown) per power-cut episode. The job id
 * comes from the episode and a Redis key guards it, so a later sample, a retry or a worker
 * restart never queues a second one.
 */
export async function actOnPower(deps: Deps, sample: HostSample): Promise<'no-battery' | 'shutdown-queued' | 'none'> {
  const log = deps.log.child({ module: 'worker:power' });
  if (sample.power === null) {
    if ((await deps.redis.set(deps.keys.noBattery, String(deps.now()), 'NX')) === 'OK') log.info(alertTexts.noBattery);
    return 'none';
  }
  await deps.redis.del(deps.keys.noBattery);
  const battery = (await loadOpen(deps.redis, deps.keys)).get(BATTERY_ALERT);
  if (!battery || battery.status !== 'firing') return 'none';
  const guard = deps.keys.batteryShutdown(battery.since);
  if (await deps.redis.exists(guard)) return 'none';
  const now = deps.now();
  await deps.producer.enqueue(
    'host.shutdown',
    {},
    { requestId: `battery-${battery.since}`, by: { kind: 'system', name: 'battery' }, enqueuedAt: now },
    // The worker's own decision: signed like an admin's confirmation, so it passes the proof check.
    { jobId: `battery-shutdown.${battery.since}`, authorizedAt: now },
  );
  await deps.redis.set(guard, String(now), 'PX', 7 * 24 * 3600_000);
  log.warn({ battery: sample.power.batteryPercent, critical: deps.tuning.current().alerts.batteryCriticalPercent }, 'battery critical on a power cut: clean shutdown queued');
  return 'shutdown-queued';
}

