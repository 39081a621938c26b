import { Redis } from 'ioredis';
import type { Runner } from '@potion/adapters';
import { infoField } from '@potion/jobs';
import { redisOptionsFromUrl, redisTarget, type Config } from '@potion/platform';
import { note, ok, problem, type Finding } from './finding.js';

/** potion-runner.service is the whole app (the PRD's `systemctl status potion-runner`); the others are its processes. */
export const UMBRELLA = 'potion-runner.service';
export const UNITS = [UMBRELLA, 'potion-runner-worker.service', 'potion-runner-bot.service', 'potion-runner-dashboard.service'] as const;

/** Redis answers, never evicts, keeps an append-only file. */
export async function checkRedis(c: Config, out: Finding[], timeoutMs = 2000): Promise<void> {
  if (!c.redisUrl) return;
  const redis = new Redis({ ...redisOptionsFromUrl(c.redisUrl), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined); // reported below, once
  try {
    await redis.connect();
    const pong = await redis.ping();
    if (pong !== 'PONG') throw new Error(`answered ${pong}`);
    out.push(ok(`Redis answers at ${redisTarget(c.redisUrl)}`));
    await checkRedisAuth(c.redisUrl, out, timeoutMs);
    const policy = infoField(await redis.info('memory'), 'maxmemory_policy');
    if (policy !== 'noeviction') {
      out.push(problem(`Redis maxmemory-policy is ${policy ?? 'unknown'}: it may delete queued jobs`, 'sudo deploy/install.sh (adds the include line to /etc/redis/redis.conf), or now: redis-cli CONFIG SET maxmemory-policy noeviction'));
    } else out.push(ok('Redis maxmemory-policy noeviction'));
    const aof = infoField(await redis.info('persistence'), 'aof_enabled');
    if (aof !== '1') out.push(problem('Redis append-only file is off: queued jobs are lost in a power cut', 'sudo deploy/install.sh (appendonly yes in /etc/redis/potion-runner.conf)'));
    else out.push(ok('Redis AOF on'));
  } catch (err) {
    out.push(
      problem(
        `Redis does not answer at ${redisTarget(c.redisUrl)} (${(err as Error).message})`,
        'sudo systemctl start redis-server; if it stays down: sudo journalctl -u redis-server -n 50',
      ),
    );
  } finally {
    redis.disconnect();
  }
}

/**
 * A Redis that answers the default user without a password lets any local process queue jobs
 * (issue 15, finding 3). A unix socket is left out: its folder's mode decides who gets in.
 */
async function checkRedisAuth(url: string, out: Finding[], timeoutMs: number): Promise<void> {
  const { username: _u, password: _p, ...where } = redisOptionsFromUrl(url);
  if (where.path) return;
  const anon = new Redis({ ...where, lazyConnect: true, enableReadyCheck: false, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  anon.on('error', () => undefined);
  try {
    await anon.connect();
    await anon.ping();
    out.push(
      problem(
        'Redis lets anyone in without a password: any local process could queue jobs',
        'sudo deploy/install.sh (sets the ACL user potion with a password in REDIS_URL of .env and turns the default user off)',
      ),
    );
  } catch (err) {
    if (/NOAUTH|WRONGPASS|NOPERM/.test((err as Error).message)) out.push(ok('Redis refuses connections without a password'));
  } finally {
    anon.disconnect();
  }
}

/** Units installed, enabled at boot and running. The caller skips this where systemd is not running. */
export async function checkUnits(run: Runner, out: Finding[]): Promise<void> {
  for (const u of UNITS) {
    // is-enabled: 0 enabled, 1 disabled or not found; is-active: 0 active, 3 inactive/failed.
    const e = (await run('systemctl', ['is-enabled', '--', u], { timeoutMs: 10_000, okExitCodes: [0, 1, 4] })).stdout.trim() || 'not-found';
    const a = (await run('systemctl', ['is-active', '--', u], { timeoutMs: 10_000, okExitCodes: [0, 3, 4] })).stdout.trim() || 'unknown';
    if (e === 'not-found') out.push(problem(`${u} is not installed`, 'sudo deploy/install.sh'));
    else if (e !== 'enabled' && e !== 'static') out.push(problem(`${u} is ${e}: it will not start at boot`, `sudo systemctl enable --now ${u}`));
    else if (a !== 'active' && u === UMBRELLA) {
      // Started again alone it shows the states and logs again; the processes keep running.
      out.push(problem(`${u} is ${a}: systemctl status potion-runner and journalctl -u potion-runner show too little`, `sudo systemctl start potion-runner; why it stopped: journalctl -u potion-runner -n 50`));
    } else if (a !== 'active') {
      const fix = `sudo systemctl restart ${u}; why it stopped: journalctl -u ${u} -n 50`;
      const why = u === 'potion-runner-bot.service' ? ' (without BOT_TOKEN in .env it is skipped on purpose)' : '';
      out.push(problem(`${u} is ${a}${why}`, fix));
    } else out.push(ok(`${u} enabled and active`));
  }
}
