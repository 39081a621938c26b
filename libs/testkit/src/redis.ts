import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateRedis, type PrivateRedisOptions } from '@potion/platform';
import { reapOnExit } from './reaper.js';

export interface TestRedis {
  url: string;
  dir: string;
  server: PrivateRedis;
  /** Stops the server and removes its folder. Safe to call twice. */
  stop: () => Promise<void>;
}

/** A real redis-server for one test file: a free port (never 6379), a temp folder. */
export async function startTestRedis(opts: Partial<PrivateRedisOptions> = {}): Promise<TestRedis> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'potion-redis-'));
  const server = new PrivateRedis({ port: 0, appendfsync: 'everysec', ...opts, dir });
  const url = await server.start();
  reapOnExit(server.pid, () => server.running);
  return {
    url,
    dir,
    server,
    stop: async () => {
      await server.stop();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
