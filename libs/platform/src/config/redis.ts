import { z } from 'zod';
import { clearTextRedisProblem } from '../redis-network.js';
import { envVar, type CrossCheck, type EnvOf } from './declare.js';

/** The Redis the queues live in. */
export const redisVars = {
  REDIS_URL: envVar({
    schema: z
      .string()
      .regex(/^(redis|rediss|unix):\/\//, 'must start with redis://, rediss:// or unix://')
      .optional(),
    fix: 'e.g. REDIS_URL="redis://127.0.0.1:6379" or unix:///run/redis/redis.sock, or leave it empty to start a private Redis',
    secret: 'url-password',
    description: 'The Redis to use; empty: npm start runs a private redis-server.',
  }),
  REDIS_APPENDFSYNC: envVar({
    schema: z.enum(['always', 'everysec']),
    default: 'always',
    description: 'AOF fsync of the private Redis: always (decision 001) or everysec.',
  }),
};

/** Redis across machines only over loopback, Tailscale or TLS (issue 18, docs/decisions/043). */
export function redisCheck(e: EnvOf<typeof redisVars>): CrossCheck | undefined {
  const problem = e.REDIS_URL ? clearTextRedisProblem(e.REDIS_URL) : undefined;
  if (!problem) return undefined;
  return {
    problem: { variable: 'REDIS_URL', problem, fix: "use the main machine's Tailscale address (tailscale ip -4 on it), or rediss:// with TLS" },
    blame: ['REDIS_URL'],
  };
}

export function redisConfig(e: EnvOf<typeof redisVars>) {
  return {
    /** Undefined: start a private redis-server (npm start). */
    redisUrl: e.REDIS_URL,
    redisAppendfsync: e.REDIS_APPENDFSYNC,
  };
}
