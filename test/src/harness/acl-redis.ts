import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { aclPasswordHash } from '@potion/jobs';
import { startTestRedis, type TestRedis } from '@potion/testkit';
import { CLI, run, type Ran } from './deploy-helpers.js';

/**
 * A real redis-server that loads a real ACL file, as deploy/install.sh sets it up (decision
 * 025): the default user off, the app's user `potion` with every right. `potion hosts ...`
 * (the built CLI, as a process) edits the same file and runs ACL LOAD.
 */
export interface AclWorld {
  dir: string;
  aclFile: string;
  dataDir: string;
  envFile: string;
  redis: TestRedis;
  port: number;
  /** The app's (admin) connection. */
  admin: Redis;
  /** Runs `potion hosts <args>` with this world's .env and ACL file. */
  hosts: (...args: string[]) => Ran;
  /** A connection as `user` (lazyConnect off; errors surface on commands). */
  connectAs: (user: string, password: string) => Redis;
  stop: () => Promise<void>;
}

const ADMIN_PASSWORD = 'AdminPassw0rdAdminPassw0rdAdminPassw0rd12';

export async function startAclWorld(): Promise<AclWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'potion-acl-'));
  const aclFile = join(dir, 'potion-runner.acl');
  writeFileSync(aclFile, `user default off\nuser potion on #${aclPasswordHash(ADMIN_PASSWORD)} ~* &* +@all\n`, { mode: 0o640 });
  const redis = await startTestRedis({ dir: join(dir, 'redis'), extraArgs: ['--aclfile', aclFile] });
  const port = Number(new URL(redis.url).port);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { mode: 0o750 });
  const envFile = join(dir, '.env');
  writeFileSync(
    envFile,
    [`REDIS_URL="redis://potion:${ADMIN_PASSWORD}@127.0.0.1:${port}"`, `DATA_DIR="${dataDir}"`, `LOG_DIR="${join(dir, 'logs')}"`, 'HOST_ID="home"', ''].join('\n'),
    { mode: 0o600 },
  );
  const clients: Redis[] = [];
  const connectAs = (user: string, password: string) => {
    const c = new Redis({ host: '127.0.0.1', port, username: user, password, maxRetriesPerRequest: null, retryStrategy: () => null });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };
  const admin = connectAs('potion', ADMIN_PASSWORD);
  return {
    dir,
    aclFile,
    dataDir,
    envFile,
    redis,
    port,
    admin,
    connectAs,
    hosts: (...args) => run(process.execPath, [CLI, 'hosts', '--acl-file', aclFile, ...args], { env: { ...process.env, ENV_FILE: envFile } }),
    stop: async () => {
      for (const c of clients) c.disconnect();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The join secret line of `potion hosts add` output, decoded. */
export function joinSecretOf(stdout: string): { line: string; body: { host: string; user: string; password: string; proofKey: string; redis?: string } } {
  const line = stdout.split('\n').find((l) => l.startsWith('potion-join-v1.'));
  if (!line) throw new Error(`no join secret in:\n${stdout}`);
  return { line, body: JSON.parse(Buffer.from(line.slice('potion-join-v1.'.length), 'base64url').toString('utf8')) };
}

export const readAcl = (w: AclWorld): string => readFileSync(w.aclFile, 'utf8');
