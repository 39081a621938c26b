import { ConfigError, createLogger, loadConfig } from '@potion/jobs';

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
log.warn('the Telegram bot is not built yet (issue 3); exiting');
process.exit(0);
