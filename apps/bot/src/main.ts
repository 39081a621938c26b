import { createLogger, loadConfigOrExit, serviceNotify } from '@potion/jobs';
import { GrammyError } from 'grammy';
import { createBotApp, type BotApp } from './app.js';

/** The longest a SIGTERM waits for a clean stop. */
const STOP_DEADLINE_MS = 10_000;

/** Exit codes: 78 bad configuration, 75 another instance polls with this token. */
const EXIT_CONFIG = 78;
const EXIT_CONFLICT = 75;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger({ name: 'bot', logDir: config.logDir, level: config.logLevel, secrets: [config.botToken ?? ''] });
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
    app = await createBotApp({ config, log, redisUrl: config.redisUrl });
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
        'Telegram says another program is already polling with this BOT_TOKEN (409 Conflict). Only one bot may run per token: ' +
          'stop the other copy (another `npm start`, a second machine, or `systemctl stop potion-bot`) and start this one again.',
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
