import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { buildConfig, CONFIG_VARIABLES, crossChecks, declaration, envSchema } from './config/table.js';
import { ConfigError } from './errors.js';

type Flat<T> = { [K in keyof T]: T[K] };

/**
 * The configuration as every process reads it, derived from the variable declarations in
 * config/*.ts (each area's builder says what its variables become).
 */
export type Config = Flat<
  ReturnType<typeof buildConfig> & {
    /** Where the values came from, for messages. */
    envFile: string | undefined;
  }
>;
export type BackupConfig = Config['backup'];

export interface LoadConfigOptions {
  /** The process environment. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Path of the .env file. Default: $ENV_FILE, else ./.env in the working directory. */
  envFile?: string;
  /** Base for relative paths and the no-.env default data folder. Default: process.cwd(). */
  cwd?: string;
  /**
   * Load an `.env` that group or others may read. Default false: starting is refused. Only
   * the doctor sets it, because it reports the mode itself and still checks the values.
   */
  allowOpenEnvFile?: boolean;
}

/**
 * The `.env` holds the bot token and the dashboard password: a file that group or other
 * users can read (or write) is refused, with the command that fixes it. Checked here, in
 * the one loader every process uses, so no start path can skip it.
 */
function checkEnvFileMode(path: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  throw new ConfigError(
    [{ variable: '.env', problem: `mode ${mode.toString(8)}: group or other users can read it, and it holds the bot token and the dashboard password`, fix: `chmod 600 ${path}` }],
    path,
  );
}

/** Reads a .env file; a missing file is not an error (first try without one). */
function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new ConfigError(
      [{ variable: '(file)', problem: `cannot read: ${(err as Error).message}`, fix: `check the file ${path}` }],
      path,
    );
  }
}

/**
 * Loads the configuration once at start: the `.env` file, overridden by variables set in
 * the process environment (systemd, CI and tests set them that way). An empty value
 * counts as unset. Throws one ConfigError naming every bad variable.
 */
export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const envFile = resolve(cwd, opts.envFile ?? (env.ENV_FILE || '.env'));
  if (existsSync(envFile) && opts.allowOpenEnvFile !== true) checkEnvFileMode(envFile);
  const fromFile = readEnvFile(envFile);
  const merged: Record<string, string> = {};
  const fromProcess = new Set<string>();
  for (const key of CONFIG_VARIABLES) {
    const processValue = env[key];
    const fileValue = fromFile[key];
    const value = processValue !== undefined && processValue !== '' ? processValue : fileValue;
    if (processValue !== undefined && processValue !== '') fromProcess.add(key);
    if (value !== undefined && value.trim() !== '') merged[key] = value.trim();
    else {
      const byDefault = declaration(key)?.default;
      if (byDefault !== undefined) merged[key] = byDefault;
    }
  }
  const parsed = envSchema.safeParse(merged);
  const fileSource = existsSync(envFile) ? envFile : 'environment (no .env file)';
  // Name where the wrong values came from: a value set in the process environment (a
  // systemd unit's Environment=, the shell) is not fixed by editing .env.
  const sourceOf = (variables: readonly string[]): string => {
    const inEnv = variables.filter((v) => fromProcess.has(v));
    if (inEnv.length === 0) return fileSource;
    const envText = `the process environment (${inEnv.join(', ')}: set by the systemd unit or the shell)`;
    return inEnv.length === variables.length ? envText : `${envText} and ${fileSource}`;
  };
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(unknown)');
      return { variable, problem: issue.message, fix: declaration(variable)?.fix ?? 'correct the value or remove it to use the default' };
    });
    throw new ConfigError(problems, sourceOf(problems.map((p) => p.variable)));
  }
  const e = parsed.data;
  for (const found of crossChecks(e)) {
    if (found) throw new ConfigError([found.problem], sourceOf(found.blame));
  }
  return { ...buildConfig(e, cwd), envFile: existsSync(envFile) ? envFile : undefined };
}

export { CONFIG_VARIABLES };

/**
 * For a process's main: loads the configuration, or prints the ConfigError (which names each
 * variable and its fix) and exits with 78 (EX_CONFIG), which systemd and `npm start` do not
 * restart in a loop.
 */
export function loadConfigOrExit(opts: LoadConfigOptions = {}): Config {
  try {
    return loadConfig(opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}
