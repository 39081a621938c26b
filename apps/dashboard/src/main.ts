import { checkEvictionPolicy, registerProcess, waitReady } from '@potion/jobs';
import { redisOutages, configSecrets, createLogger, createRedis, loadConfigOrExit, useConfigTimezone, serviceNotify, ensureDashboardPassword } from '@potion/platform';
import { buildDashboard } from './app.js';
import { listenOnDemand, stopWhenIdle } from './on-demand.js';

// TIMEZONE is the process's own zone: times without Intl (decision 052).
const config = useConfigTimezone(loadConfigOrExit());
const pw = ensureDashboardPassword({ password: config.dashboard.password, dataDir: config.dataDir });
const log = createLogger({ name: 'dashboard', logDir: config.logDir, level: config.logLevel, secrets: [...configSecrets(config), pw.password] });
// One line per Redis outage (and the fix at start) instead of ioredis' stack traces.
redisOutages.useLogger(log);
if (pw.source === 'file') {
  log.info({ passwordFile: pw.file, created: pw.created }, `dashboard password is in ${pw.file} (read it with: cat ${pw.file})`);
} else {
  log.info('dashboard password comes from DASHBOARD_PASSWORD');
}
if (!config.redisUrl) {
  log.fatal('REDIS_URL is not set. Start everything with `npm start`, or set REDIS_URL in .env');
  process.exit(78);
}
const redis = createRedis(config.redisUrl, { role: 'producer', name: 'dashboard' });
await waitReady(redis, 30_000);
await checkEvictionPolicy(redis);
const app = await buildDashboard({ config, log, redis, password: pw.password });
await app.ready();
// Its own socket, or one handed over by systemd (socket activation) or by `npm start`'s
// listener: then it was started by a connection, and stops after a quiet while.
const mode = await listenOnDemand(app.server, process.env);
if (!mode) await app.listen({ host: config.dashboard.host, port: config.dashboard.port });
log.info({ url: `http://${config.dashboard.host}:${config.dashboard.port}/`, readOnly: !config.dashboard.allowActions, mode: mode ?? 'bound' }, 'dashboard listening');
// systemd (Type=notify, WatchdogSec=): active only once listening, pinged while the loop is healthy.
const systemd = serviceNotify({ log });
systemd.ready('dashboard listening');
// ⚙️ About shows each process's uptime from potion:proc:<name>.
const unregister = await registerProcess(redis, 'dashboard');
const stop = async () => {
  systemd.stopping();
  await unregister().catch(() => undefined);
  await app.close();
  redis.disconnect();
  process.exit(0);
};
if (mode && config.dashboard.idleStopMin > 0) stopWhenIdle(app.server, { idleMs: config.dashboard.idleStopMin * 60_000, log, onIdle: () => void stop() });
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
