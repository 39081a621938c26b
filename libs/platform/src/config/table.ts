import { z } from 'zod';
import { alertConfig, alertVars } from './alerts.js';
import { backupCheck, backupConfig, backupVars } from './backup.js';
import { dashboardConfig, dashboardVars } from './dashboard.js';
import type { CrossCheck, EnvOf, EnvTable, EnvVar } from './declare.js';
import { dockerConfig, dockerVars } from './docker.js';
import { hostConfig, hostVars } from './host.js';
import { machineConfig, machineVars } from './machine.js';
import { offsiteConfig, offsiteVars } from './offsite.js';
import { opsConfig, opsVars } from './ops.js';
import { probeCheck, probeConfig, probeVars } from './probes.js';
import { redisCheck, redisConfig, redisVars } from './redis.js';
import { accessVars, telegramCheck, telegramConfig, telegramVars } from './telegram.js';

/**
 * Every variable the loader knows, each declared once in its area's file. The order is the
 * order a ConfigError lists several bad variables in.
 */
export const ENV_VARS = {
  ...accessVars,
  ...machineVars,
  ...redisVars,
  ...telegramVars,
  ...dashboardVars,
  ...hostVars,
  ...opsVars,
  ...backupVars,
  ...offsiteVars,
  ...alertVars,
  ...probeVars,
  ...dockerVars,
};

export type VariableName = keyof typeof ENV_VARS;
export type Env = EnvOf<typeof ENV_VARS>;

/** The variables the loader knows, for docs and the doctor command. */
export const CONFIG_VARIABLES = Object.keys(ENV_VARS) as VariableName[];

/** The declaration of a variable name, if the loader knows it. */
export const declaration = (name: string): EnvVar | undefined => (Object.hasOwn(ENV_VARS, name) ? (ENV_VARS as EnvTable)[name] : undefined);

/**
 * Each variable's schema by name: parses the merged text values (defaults filled in). Typed
 * as `Env` (every name present, an unset optional one as undefined): zod's own output type
 * marks the optional ones `?:`, which the area builders need not handle.
 */
export const envSchema = z.object(Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, ENV_VARS[name].schema]))) as unknown as z.ZodType<Env>;

/** Problems only visible across variables, in the order they are reported (the first stops the start). */
export const crossChecks = (e: Env): (CrossCheck | undefined)[] => [redisCheck(e), telegramCheck(e), backupCheck(e), probeCheck(e)];

/** The parsed values as the rest of the code reads them. */
export function buildConfig(e: Env, cwd: string) {
  const machine = machineConfig(e, cwd);
  return {
    ...telegramConfig(e),
    ...machine,
    ...redisConfig(e),
    ...dashboardConfig(e),
    ...hostConfig(e),
    ...opsConfig(e),
    ...probeConfig(e),
    ...dockerConfig(e),
    ...backupConfig(e, { cwd, logDir: machine.logDir }),
    ...offsiteConfig(e),
    /** Alert thresholds, windows and margins (PRD section 14). */
    alerts: alertConfig(e),
  };
}
