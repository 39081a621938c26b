import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
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
  /** Makes stop of the unit fail. */
  failStop: (name: string, fail: boolean) => void;
  /** What `systemctl show -p WorkingDirectory -p ReadWritePaths -p ExecStart` says about the unit. */
  unitPaths: (name: string, p: { workingDirectory?: string; readWritePaths?: readonly string[]; execStart?: readonly string[] }) => void;
  /** Next call of `tool` fails with this exit code and stderr (always = every call). */
  fail: (tool: string, code: number, stderr: string, always?: boolean) => void;
  /** Every call of `tool` waits this many seconds first (undefined removes the delay). */
  delay: (tool: string, seconds: number | undefined) => void;
  journal: (unit: string, lines: readonly string[]) => void;
  /**
   * Appends entries to the `journalctl -o json` stream `auth` (sshd, sudo) or `kernel` (-k),
   * each printed as journalctl prints one: string fields, a unique __CURSOR, __REALTIME_TIMESTAMP in µs.
   */
  journalJson: (stream: 'auth' | 'kernel', entries: readonly { message: string; identifier: string; atMs: number }[]) => void;
  /** sudo answers "a password is required". */
  denySudo: (deny: boolean) => void;
  /**
   * Writes a state file, relative to the state folder: `set('ping/mode', 'loss')`,
   * `set('apt/upgradable', 'curl 8.5.0-2ubuntu10.4 8.5.0-2ubuntu10.5\n')` (a fourth column: the origins,
   * e.g. `Ubuntu:24.04/noble-updates, Ubuntu:24.04/noble-security`). See each stand-in's header.
   */
  set: (path: string, text: string) => void;
  /** Removes a state file or folder. */
  clear: (path: string) => void;
  /** systemctl reboot/poweroff verbs received (through sudo), oldest first. */
  powerCalls: () => string[];
  /** The argument lines of every call of `tool`, oldest first. */
  calls: (tool: string) => string[];
  cleanup: () => void;
}

let journalSeq = 0;

/** One entry in the shape of `journalctl -o json` (systemd 252/255): every value a string. */
function journalJsonEntry(e: { message: string; identifier: string; atMs: number }): Record<string, string> {
  const i = ++journalSeq;
  const us = String(e.atMs * 1000 + (i % 1000));
  const kernel = e.identifier === 'kernel';
  return {
    __CURSOR: `s=7d1c2a3b4e5f40718293a4b5c6d7e8f9;i=${(0x1a2b + i).toString(16)};b=0e3c6b5a9d8f47e2b1c0a9f8e7d6c5b4;m=${(i * 1000003).toString(16)};t=${Number(us).toString(16)};x=${(0x9f00 + i).toString(16)}`,
    __REALTIME_TIMESTAMP: us,
    __MONOTONIC_TIMESTAMP: String(i * 1000003),
    _BOOT_ID: '0e3c6b5a9d8f47e2b1c0a9f8e7d6c5b4',
    PRIORITY: kernel ? '3' : '6',
    SYSLOG_FACILITY: kernel ? '0' : e.identifier === 'sudo' ? '10' : '4',
    SYSLOG_IDENTIFIER: e.identifier,
    _TRANSPORT: kernel ? 'kernel' : 'syslog',
    _HOSTNAME: 'laptop',
    ...(kernel ? {} : { _PID: String(1000 + i), _COMM: e.identifier, _UID: '0', _GID: '0', SYSLOG_PID: String(1000 + i) }),
    MESSAGE: e.message,
  };
}

export interface StandinOptions {
  /**
   * Tools to leave out, as if they were not installed (e.g. ['tailscale', 'smartctl']). The
   * PATH then starts with a folder of links to the other stand-ins only. Make sure the real
   * tool is not installed on the test machine either, or the test would find it.
   */
  without?: readonly string[];
}

/** A bin folder of links to every stand-in except `without`. */
function partialBin(state: string, without: readonly string[]): string {
  const bin = join(state, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const name of readdirSync(STANDIN_BIN)) {
    if (!without.includes(name)) symlinkSync(join(STANDIN_BIN, name), join(bin, name));
  }
  return bin;
}

export function createStandins(opts: StandinOptions = {}): Standins {
  const state = mkdtempSync(join(tmpdir(), 'potion-standins-'));
  const bin = opts.without?.length ? partialBin(state, opts.without) : STANDIN_BIN;
  const units = join(state, 'units');
  mkdirSync(units, { recursive: true });
  const put = (dir: string, name: string, text: string) => {
    mkdirSync(join(state, dir), { recursive: true });
    writeFileSync(join(state, dir, name), text);
  };
  return {
    state,
    env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, STANDIN_STATE: state },
    set: (path, text) => put(dirname(path), basename(path), text),
    clear: (path) => rmSync(join(state, path), { force: true, recursive: true }),
    powerCalls: () => (existsSync(join(state, 'power')) ? readFileSync(join(state, 'power'), 'utf8').split('\n').filter(Boolean) : []),
    unit: (name, s) => (s === undefined ? rmSync(join(units, name), { force: true }) : writeFileSync(join(units, name), `${s}\n`)),
    unitState: (name) => (existsSync(join(units, name)) ? readFileSync(join(units, name), 'utf8').trim() : undefined),
    failStart: (name, fail) => (fail ? writeFileSync(join(units, `${name}.fail-start`), '') : rmSync(join(units, `${name}.fail-start`), { force: true })),
    failStop: (name, fail) => (fail ? writeFileSync(join(units, `${name}.fail-stop`), '') : rmSync(join(units, `${name}.fail-stop`), { force: true })),
    unitPaths: (name, p) =>
      writeFileSync(
        join(units, `${name}.paths`),
        [
          ...(p.execStart ?? []).map((x) => `ExecStart={ path=${x.split(' ')[0]} ; argv[]=${x} ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }`),
          `WorkingDirectory=${p.workingDirectory ?? ''}`,
          `ReadWritePaths=${(p.readWritePaths ?? []).join(' ')}`,
        ].join('\n') + '\n',
      ),
    fail: (tool, code, stderr, always = false) => put('fail', always ? `${tool}.always` : tool, `${code}\n${stderr}\n`),
    delay: (tool, seconds) => (seconds === undefined ? rmSync(join(state, 'delay', tool), { force: true }) : put('delay', tool, String(seconds))),
    journalJson: (stream, entries) => {
      mkdirSync(join(state, 'journal-json'), { recursive: true });
      appendFileSync(join(state, 'journal-json', stream), entries.map((e) => `${JSON.stringify(journalJsonEntry(e))}\n`).join(''));
    },
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
