import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRunner, type Runner } from '@potion/adapters';
import { formatFindings, note, ok, problem, type Finding } from './doctor/finding.js';
import { checkEnvFile, checkHdd, checkSystemFiles, type DoctorPaths } from './doctor/files.js';
import { checkOffsite } from './doctor/offsite.js';
import { checkRedis, checkUnits } from './doctor/services.js';
import { checkSecurityUpdates } from './doctor/updates.js';
import { checkDumpSources } from './doctor/dumps.js';

export interface DoctorOptions extends DoctorPaths {
  /** Check systemd units. Default: when systemd is running (/run/systemd/system exists). */
  checkUnits: boolean;
  run: Runner;
}

const INSTALLED_ENV = '/opt/potion-runner/.env';

/** Runs every check in order; the report reads top to bottom, the first problem first. */
export async function doctor(o: DoctorOptions): Promise<Finding[]> {
  const out: Finding[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) out.push(problem(`Node.js ${process.version} is too old`, 'sudo deploy/install.sh installs Node.js 22 LTS'));
  else out.push(ok(`Node.js ${process.version}`));
  const config = checkEnvFile(o, out);
  if (config) {
    checkHdd(config, o, out);
    await checkRedis(config, out);
    checkSystemFiles(config, o, out);
    checkSecurityUpdates(o.root, out);
    await checkDumpSources(config, o.run, out);
    await checkOffsite(config, { root: o.root, user: o.user }, o.run, out);
  }
  if (o.checkUnits) await checkUnits(o.run, out);
  else out.push(note('systemd is not running here: units not checked'));
  return out;
}

/** `npm run doctor [-- --env-path PATH] [--root DIR] [--user NAME]`: prints the report; exit 1 when there are problems. */
export async function runDoctor(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      'env-path': { type: 'string' },
      root: { type: 'string', default: '' },
      user: { type: 'string', default: 'potion' },
      'app-dir': { type: 'string', default: '/opt/potion-runner/app' },
    },
  });
  const root = values.root ? resolve(values.root) : '';
  const envFile = resolve(values['env-path'] ?? process.env.ENV_FILE ?? (existsSync(`${root}${INSTALLED_ENV}`) ? `${root}${INSTALLED_ENV}` : '.env'));
  const findings = await doctor({
    root,
    envFile,
    user: values.user,
    appDir: values['app-dir'],
    mountinfo: readFileSync('/proc/self/mountinfo', 'utf8'),
    checkUnits: existsSync('/run/systemd/system'),
    run: createRunner(),
  });
  process.stdout.write(formatFindings(findings));
  return findings.some((f) => f.level === 'problem') ? 1 : 0;
}
