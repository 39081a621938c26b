import { parseArgs } from 'node:util';
import { hostKeys, keys, waitReady } from '@potion/jobs';
import { createRedis, loadConfigOrExit } from '@potion/platform';

/** What one process hash (`keys.proc`) says, as far as the self-update cares. */
export interface ProcReport {
  release?: string;
  startedAt?: string;
  stoppedAt?: string;
}

/**
 * A process runs the wanted build: its hash names that release, it started after the restart
 * (`since`, Unix ms) and has not stopped since. Pure, for the health check below.
 */
export function runsRelease(p: ProcReport, release: string, since: number): boolean {
  const started = Number(p.startedAt);
  if (p.release !== release || !Number.isFinite(started) || started < since) return false;
  return !(p.stoppedAt !== undefined && Number(p.stoppedAt) >= started);
}

/**
 * `potion self-update-health --release <commit> --since <ms> [--env-path .env]`: exit 0 when the
 * worker, the dashboard and (with a BOT_TOKEN) the bot all run that release, 1 when not (yet).
 * deploy/self-update.sh asks this every 2 s until its deadline; one line per process says why.
 */
export async function selfUpdateHealth(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { release: { type: 'string' }, since: { type: 'string' }, 'env-path': { type: 'string' } },
  });
  const release = values.release ?? '';
  const since = Number(values.since);
  if (!/^[0-9a-f]{40}$/.test(release) || !Number.isInteger(since)) {
    process.stderr.write('usage: self-update-health --release <40-hex commit> --since <unix ms> [--env-path FILE]\n');
    return 64;
  }
  const config = loadConfigOrExit(values['env-path'] ? { envFile: values['env-path'] } : {});
  if (!config.redisUrl) {
    process.stderr.write('REDIS_URL is not set: the processes cannot report\n');
    return 1;
  }
  const names = ['worker', 'dashboard', ...(config.botToken ? ['bot'] : [])];
  const redis = createRedis(config.redisUrl, { role: 'producer', name: 'self-update-health' });
  try {
    await waitReady(redis, 5000);
    let healthy = true;
    for (const name of names) {
      // The worker reports under its host's keys (decision 042), the others under the shared ones.
      const p = (await redis.hgetall(name === 'worker' ? hostKeys(config.hostId).proc(name) : keys.proc(name))) as ProcReport;
      const ok = runsRelease(p, release, since);
      healthy &&= ok;
      process.stdout.write(`${name}: ${ok ? 'runs' : 'not yet'} ${release.slice(0, 7)} (reports ${p.release ? p.release.slice(0, 7) : 'nothing'}, started ${p.startedAt ?? '-'})\n`);
    }
    return healthy ? 0 : 1;
  } catch (err) {
    process.stderr.write(`Redis: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    redis.disconnect();
  }
}
