import { ConfigError, createLogger, loadConfig, serviceNotify } from '@potion/jobs';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  throw err;
}
const log = createLogger({ name: 'bot', logDir: config.logDir, level: config.logLevel, secrets: [config.botToken ?? ''] });
if (!config.botToken) {
  log.info('BOT_TOKEN is not set: the Telegram bot does not start. Put the token from @BotFather in .env.');
  process.exit(0);
}
// systemd (Type=notify, WatchdogSec=): call systemd.ready() once long polling has started
// (grammY's bot.start({ onStart })) and systemd.stopping() on SIGTERM; the watchdog ping then
// runs on this event loop and stops when it is stuck.
const systemd = serviceNotify({ log });
systemd.ready('bot placeholder');
log.warn('the Telegram bot is not built yet (issue 3); exiting');
systemd.stopping();
process.exit(0);
