import { ConfigError, loadConfig } from '@potion/jobs';
import { start } from './start.js';

const [command = 'start'] = process.argv.slice(2);

function config() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

switch (command) {
  case 'start':
    await start(config());
    break;
  default:
    process.stderr.write(`unknown command "${command}". Use: start\n`);
    process.exit(64);
}
