import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of stand-in executables (systemctl, journalctl, sudo, ...). */
export const STANDIN_BIN = fileURLToPath(new URL('../standins', import.meta.url));

export interface Standins {
  /** State folder (STANDIN_STATE). */
  state: string;
  /** Environment for a process that should find the stand-ins first on PATH. */
  env: Record<string, string>;
  /** Sets a unit's state: `unit('n8n.service', 'active running')`; undefined removes it (not found). */
  unit: (name: string, state: string | undefined) => void;
  unitState: (name: string) => string | undefined;
  /** Makes start/restart of the unit fail. */
  failStart: (name: string, fail: boolean) => void;
  /** Next call of `tool` fails with this exit code and stderr (always = every call). */
  fail: (tool: string, code: number, stderr: string, always?: boolean) => void;
  /** Every call of `tool` waits this many seconds first (undefined removes the delay). */
  delay: (tool: string, seconds: number | undefined) => void;
  journal: (unit: string, lines: readonly string[]) => void;
  /** sudo answers "a password is required". */
  denySudo: (deny: boolean) => void;
  /** The argument lines of every call of `tool`, oldest first. */
  calls: (tool: string) => string[];
  cleanup: () => void;
}

export function createStandins(): Standins {
  const state = mkdtempSync(join(tmpdir(), 'potion-standins-'));
  const units = join(state, 'units');
  mkdirSync(units, { recursive: true });
  const put = (dir: string, name: string, text: string) => {
    mkdirSync(join(state, dir), { recursive: true });
    writeFileSync(join(state, dir, name), text);
  };
  return {
    state,
    env: { PATH: `${STANDIN_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`, STANDIN_STATE: state },
    unit: (name, s) => (s === undefined ? rmSync(join(units, name), { force: true }) : writeFileSync(join(units, name), `${s}\n`)),
    unitState: (name) => (existsSync(join(units, name)) ? readFileSync(join(units, name), 'utf8').trim() : undefined),
    failStart: (name, fail) => (fail ? writeFileSync(join(units, `${name}.fail-start`), '') : rmSync(join(units, `${name}.fail-start`), { force: true })),
    fail: (tool, code, stderr, always = false) => put('fail', always ? `${tool}.always` : tool, `${code}\n${stderr}\n`),
    delay: (tool, seconds) => (seconds === undefined ? rmSync(join(state, 'delay', tool), { force: true }) : put('delay', tool, String(seconds))),
    journal: (unit, lines) => {
      mkdirSync(join(state, 'journal'), { recursive: true });
      appendFileSync(join(state, 'journal', unit), lines.map((l) => `${l}\n`).join(''));
    },
    denySudo: (deny) => (deny ? writeFileSync(join(state, 'sudo-deny'), '') : rmSync(join(state, 'sudo-deny'), { force: true })),
    calls: (tool) => {
      const f = join(state, 'calls.log');
      if (!existsSync(f)) return [];
      return readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith(`${tool}\t`))
        .map((l) => l.slice(tool.length + 1));
    },
    cleanup: () => rmSync(state, { recursive: true, force: true }),
  };
}
