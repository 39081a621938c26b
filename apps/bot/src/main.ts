import { redisOutages, configSecrets, createLogger, loadConfigOrExit, useConfigTimezone, LogFileErrors, serviceNotify } from '@potion/platform';
import { GrammyError } from 'grammy';
import { createBotApp, type BotApp } from './app.js';

/** The longest a SIGTERM waits for a clean stop. */
const STOP_DEADLINE_MS = 10_000;

/**
 * Exit codes: 78 bad configuration, 75 another bot already holds the chat with this token
 * (this one is the newcomer). The systemd unit restarts on neither (RestartPreventExitStatus).
 */
const EXIT_CONFIG = 78;
const EXIT_CONFLICT = 75;

async function main(): Promise<void> {
  // TIMEZONE is the process's own zone: times without Intl (decision 052).
  const config = useConfigTimezone(loadConfigOrExit());
  const logFileErrors = new LogFileErrors();
  const log = createLogger({ name: 'bot', logDir: config.logDir, level: config.logLevel, secrets: configSecrets(config), fileErrors: logFileErrors });
  // One line per Redis outage (and the fix at start) instead of ioredis' stack traces.
  redisOutages.useLogger(log);
  if (!config.botToken) {
    log.info('BOT_TOKEN is not set: the Telegram bot does not start. Put the token from @BotFather in .env.');
    process.exit(0);
  }
  if (!config.redisUrl) {
    log.fatal('REDIS_URL is not set. Start everything with `npm start` (it starts a private Redis), or set REDIS_URL in .env');
    process.exit(EXIT_CONFIG);
  }
  let app: BotApp;
  try {
    app = await createBotApp({ config, log, redisUrl: config.redisUrl, logFileErrors });
  } catch (err) {
    log.fatal({ err }, 'bot could not start');
    process.exit(1);
  }
  // systemd (Type=notify): ready once Redis is connected; reaching Telegram may take longer
  // (no internet after a power cut) and must not make systemd kill the bot at start.
  const systemd = serviceNotify({ log });
  systemd.ready('bot connected to Redis');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    systemd.stopping();
    log.info({ signal }, 'stopping the bot');
    // The bot runs no command: nothing is lost by not waiting for a Redis or a Telegram that
    // does not answer (systemd would otherwise wait TimeoutStopSec, then SIGKILL).
    setTimeout(() => {
      log.warn({ waitedMs: STOP_DEADLINE_MS }, 'stopping took too long (Redis or Telegram not answering): exiting anyway');
      process.exit(0);
    }, STOP_DEADLINE_MS).unref();
    app
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  try {
    await app.run();
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 409) {
      log.fatal(
        'another potion-runner bot is already polling Telegram with this BOT_TOKEN (409 Conflict): that one keeps the chat and this one stops. ' +
          'Only one bot may run per token. To run this one instead, stop the other first (Ctrl+C in the other `npm start`, ' +
          '`sudo systemctl stop potion-runner-bot` on the server, or the bot on a second machine), then start this one again.',
      );
      await app.stop().catch(() => undefined);
      process.exit(EXIT_CONFLICT);
    }
    if (err instanceof GrammyError && err.error_code === 401) {
      log.fatal('Telegram does not accept BOT_TOKEN (401 Unauthorized). Copy the token again from @BotFather into .env.');
      await app.stop().catch(() => undefined);
      process.exit(EXIT_CONFIG);
    }
    log.fatal({ err }, 'the bot stopped with an error');
    await app.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
