import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { isMountPoint } from '@potion/adapters';
import type { Config } from '@potion/platform';
import { probeRedis } from '@potion/jobs';
import { PrivateRedis, QUIET_REDIS_ARGS, REDIS_UNREACHABLE_FIX, redisTarget, RedisSetupError, HANDOFF, ensureDashboardPassword } from '@potion/platform';
import { NODE_FLAGS } from './node-flags.js';
import { OnDemandDashboard } from './on-demand.js';
import { prettyLine } from './pretty.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const entry = (app: string) => join(here, '..', '..', app, 'dist', 'main.js');

interface Proc {
  name: string;
  child: ChildProcess | undefined;
  restarts: number[];
}

const say = (line: string) => process.stdout.write(`${line}\n`);


/** The dashboard's address and where its password is (never the password itself). */
export function dashboardLines(config: Config): string[] {
  const { host, port } = config.dashboard;
  const wildcard = host === '0.0.0.0' || host === '::';
  const shown = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const lines = [`✔ dashboard: http://${shown}:${port}/${wildcard ? `  (listening on every address of this machine, port ${port})` : ''}`];
  try {
    // Created here when missing, so the path can be printed before the dashboard starts.
    const pw = ensureDashboardPassword({ password: config.dashboard.password, dataDir: config.dataDir });
    lines.push(
      pw.source === 'env'
        ? '  password: DASHBOARD_PASSWORD in your .env'
        : `  password: in ${pw.file}${pw.created ? ' (just generated)' : ''}; show it with: cat ${pw.file}`,
    );
  } catch (err) {
    lines.push(`⚠ dashboard password file: ${(err as Error).message}`);
  }
  return lines;
}

function readMountinfo(): string | undefined {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined; // not Linux: the doctor says what it can
  }
}

/**
 * One line when HDD_MOUNT is not a mount point (the doctor says the same at length): backups
 * and logs meant for the HDD would land on the SSD, and the first thing to do is named.
 */
export function hddLine(config: Config, mountinfo: string): string | undefined {
  if (isMountPoint(mountinfo, config.hddMount)) return undefined;
  return `⚠ HDD is not mounted at ${config.hddMount}: backups cannot run until it is. Set the HDD up once with: sudo deploy/hdd-setup.sh, or set HDD_MOUNT in .env to where your HDD is mounted`;
}

/**
 * `npm start`: the private Redis (when REDIS_URL is not set), then worker, dashboard and
 * bot in the foreground with readable logs. A process that dies is started again (like
 * systemd's Restart=always), at most 5 times a minute. Ctrl+C stops everything cleanly.
 */
export async function start(config: Config): Promise<void> {
  let redis: PrivateRedis | undefined;
  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    redis = new PrivateRedis({ dir: join(config.dataDir, 'redis'), appendfsync: config.redisAppendfsync, extraArgs: QUIET_REDIS_ARGS });
    try {
      redisUrl = await redis.start();
    } catch (err) {
      say(err instanceof RedisSetupError ? `✖ ${err.message}` : `✖ could not start redis-server: ${(err as Error).message}`);
      process.exit(1);
    }
    say(`✔ private Redis ready on ${redisUrl} (AOF appendfsync ${config.redisAppendfsync}); inspect it with: redis-cli -s ${redisUrl.slice('unix://'.length)}`);
  } else {
    // Said only once Redis answered; otherwise one line with the fix instead of every process's reconnect noise.
    const probe = await probeRedis(redisUrl);
    if (!probe.ok) {
      say(`✖ Redis at ${redisTarget(redisUrl)} is not reachable (${probe.reason}): ${REDIS_UNREACHABLE_FIX}`);
      process.exit(1);
    }
    say(`✔ using Redis at ${redisTarget(redisUrl)}`);
  }

  // The dashboard on demand: started by the first connection, stopped after quiet minutes.
  const onDemand = config.dashboard.idleStopMin > 0;
  const names = ['worker', ...(onDemand ? [] : ['dashboard']), ...(config.botToken ? ['bot'] : [])];
  if (!config.botToken) say('ℹ BOT_TOKEN is not set: the Telegram bot is skipped, worker and dashboard run. Put your token in .env to start the bot.');
  const procs: Proc[] = names.map((name) => ({ name, child: undefined, restarts: [] }));
  let stopping = false;

  const spawnApp = (name: string, extra: { env?: Record<string, string>; ipc?: boolean } = {}): ChildProcess => {
    const child = spawn(process.execPath, [...(NODE_FLAGS[name] ?? []), entry(name)], {
      env: { ...process.env, REDIS_URL: redisUrl, ...extra.env },
      stdio: extra.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (l) => say(prettyLine(name, l)));
    }
    return child;
  };
  const dashboard = onDemand
    ? new OnDemandDashboard({ host: config.dashboard.host, port: config.dashboard.port, say, spawn: () => spawnApp('dashboard', { env: { [HANDOFF.env]: '1' }, ipc: true }) })
    : undefined;

  const launch = (p: Proc) => {
    const child = spawnApp(p.name);
    p.child = child;
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      p.restarts = p.restarts.filter((t) => now - t < 60_000);
      if (code === 0) {
        say(`ℹ ${p.name} finished (exit code 0); not restarting it`);
        return;
      }
      if (code === 78) {
        say(`✖ ${p.name} stopped because of a configuration problem (see above); fix .env and run npm start again`);
        return;
      }
      if (code === 75) {
        say(`✖ ${p.name} stopped: another potion-runner bot already uses this BOT_TOKEN and keeps the chat (see above); not restarting it`);
        return;
      }
      if (p.restarts.length >= 5) {
        say(`✖ ${p.name} died 5 times within a minute (last: code ${code}, signal ${signal}); not restarting it`);
        return;
      }
      p.restarts.push(now);
      say(`⚠ ${p.name} exited (code ${code}, signal ${signal}); starting it again in 2 s`);
      setTimeout(() => !stopping && launch(p), 2000);
    });
  };
  procs.forEach(launch);
  if (dashboard) {
    try {
      await dashboard.listen();
    } catch (err) {
      say(`✖ dashboard address ${config.dashboard.host}:${config.dashboard.port}: ${(err as Error).message}`);
    }
  }
  for (const line of dashboardLines(config)) say(line);
  const mountinfo = readMountinfo();
  const hdd = mountinfo === undefined ? undefined : hddLine(config, mountinfo);
  if (hdd) say(hdd);
  if (dashboard) say(`ℹ the dashboard starts when you open it and stops after ${config.dashboard.idleStopMin} quiet minutes (DASHBOARD_IDLE_STOP_MIN; 0 keeps it running)`);
  say('ℹ Ctrl+C stops everything');

  const stopAll = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`… ${signal}: stopping ${[...names, ...(dashboard?.child ? ['dashboard'] : [])].join(', ')}`);
    await Promise.all([
      dashboard?.stop(),
      ...procs.map(
        (p) =>
          new Promise<void>((res) => {
            const c = p.child;
            if (!c || c.exitCode !== null || c.signalCode !== null) return res();
            c.once('exit', () => res());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 30_000).unref();
          }),
      ),
    ]);
    await redis?.stop();
    say('✔ stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));
}
