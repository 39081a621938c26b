import { redisOutages, configSecrets, createLogger, loadConfigOrExit, useConfigTimezone, LogFileErrors, RedisSetupError, serviceNotify } from '@potion/platform';
import { startWorkerApp } from './app.js';

async function main(): Promise<void> {
  // TIMEZONE is the process's own zone: times without Intl (decision 052).
  const config = useConfigTimezone(loadConfigOrExit());
  const logFileErrors = new LogFileErrors();
  const log = createLogger({ name: 'worker', logDir: config.logDir, level: config.logLevel, secrets: configSecrets(config), fileErrors: logFileErrors });
  // One line per Redis outage (and the fix at start) instead of ioredis' stack traces.
  redisOutages.useLogger(log);
  if (!config.redisUrl) {
    log.fatal('REDIS_URL is not set. Start everything with `npm start` (it starts a private Redis), or set REDIS_URL in .env');
    process.exit(78);
  }
  let app: Awaited<ReturnType<typeof startWorkerApp>>;
  try {
    app = await startWorkerApp({ config, log, redisUrl: config.redisUrl, logFileErrors });
  } catch (err) {
    log.fatal({ err }, err instanceof RedisSetupError ? err.message : 'worker could not start');
    process.exit(1);
  }
  // systemd (Type=notify, WatchdogSec=): active only now, and pinged while the loop is healthy.
  const systemd = serviceNotify({ log });
  systemd.ready('worker running');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    systemd.stopping();
    log.info({ signal }, 'stopping: waiting for running jobs to finish');
    app
      .stop()
      .then(() => {
        log.info('worker stopped cleanly');
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
