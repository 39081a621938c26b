import { parseArgs } from 'node:util';
import { loadConfigOrExit, useConfigTimezone, type LoadConfigOptions } from '@potion/platform';
import { start } from './start.js';
import { renderSudoers } from './sudoers.js';
import { runDoctor } from './doctor.js';
import { selfUpdateHealth } from './self-update-health.js';
import { runHosts } from './hosts/hosts.js';

const [command = 'start', ...rest] = process.argv.slice(2);

// TIMEZONE is the process's own zone: times without Intl (decision 052).
const config = (opts: LoadConfigOptions = {}) => useConfigTimezone(loadConfigOrExit(opts));

switch (command) {
  case 'start':
    await start(config());
    break;
  case 'sudoers': {
    // potion sudoers --user potion --env-path /opt/potion-runner/.env
    const { values } = parseArgs({
      args: rest,
      options: { user: { type: 'string', default: 'potion' }, 'env-path': { type: 'string' } },
    });
    // Not --env-file: Node 20 reads that flag even after the script name.
    const c = config(values['env-path'] ? { envFile: values['env-path'] } : {});
    process.stdout.write(renderSudoers({ user: values.user, units: c.servicesWhitelist }));
    break;
  }
  case 'doctor':
    process.exit(await runDoctor(rest));
    break;
  case 'self-update-health':
    // Run by root's deploy/self-update.sh after a restart (decision 045).
    process.exit(await selfUpdateHealth(rest));
    break;
  case 'hosts':
    // sudo potion hosts add <name> | list | remove <name> (docs/decisions/043)
    process.exit(await runHosts(rest));
    break;
  default:
    process.stderr.write(`unknown command "${command}". Use: start, doctor, sudoers, hosts, self-update-health\n`);
    process.exit(64);
}
