import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The checkout (three levels up from test/dist/harness/). */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for assertion messages. */
  all: string;
}

export function run(cmd: string, args: readonly string[], opts: SpawnSyncOptions = {}): Ran {
  const r = spawnSync(cmd, [...args], { encoding: 'utf8', timeout: 120_000, ...opts });
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '') + (r.error ? String(r.error) : '');
  return { code: r.status, stdout, stderr, all: `${stdout}\n${stderr}` };
}

/** Full path of a tool on PATH or in the sbin folders, or undefined. */
export function which(tool: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin']) {
    if (dir && existsSync(`${dir}/${tool}`)) return `${dir}/${tool}`;
  }
  return undefined;
}

export const CLI = `${REPO}/apps/cli/dist/main.js`;
