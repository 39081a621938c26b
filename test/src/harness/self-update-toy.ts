import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostKeys, keys } from '@potion/jobs';
import { CLI, REPO, run } from './deploy-helpers.js';
import { commit, git, gitEnv, seedUpstream } from './git-repo.js';

/** Root's script under test (deploy/self-update.sh of this checkout). */
export const SELF_UPDATE_SCRIPT = join(REPO, 'deploy/self-update.sh');

/** `npm run build` of the toy app: it really builds (dist/built), or fails like tsc does. */
export const BUILD_OK = "require('node:fs').mkdirSync('dist', { recursive: true });\nrequire('node:fs').writeFileSync('dist/built', 'yes');\n";
export const BUILD_BROKEN = "console.error('toy build: apps/worker/src/main.ts(3,1): error TS1005');\nprocess.exit(1);\n";
/** The toy app's processes (run on each restart): each reports the release it runs, as registerProcess does. */
export const REPORTS = [
  '#!/bin/sh',
  "# The toy app's processes: each reports the release it runs.",
  'here=$(dirname "$0")',
  'for key in "$TOY_WORKER_PROC" "$TOY_DASHBOARD_PROC"; do',
  '  redis-cli -u "$TOY_REDIS_URL" hset "$key" release "$(cat "$here/.release")" startedAt "$(date +%s%3N)" >/dev/null',
  'done',
  '',
].join('\n');
export const REPORTS_NOTHING = '#!/bin/sh\n# This build starts but its processes never come up.\nexit 0\n';

export interface Toy {
  root: string;
  /** PREFIX: app/, app.prev/, self-update/, .env. */
  prefix: string;
  /** The checkout install.sh ran from (a clone of the bare remote). */
  checkout: string;
  /** Where new commits are made and pushed. */
  upstream: string;
  /** The commit the installed app was built from. */
  first: string;
  /** Environment for root's script: the prefix, the CLI health check, the systemctl stand-in. */
  env: NodeJS.ProcessEnv;
  /** Commits `file` in upstream and pushes; returns the new commit. */
  push: (file: string, text: string, subject: string) => string;
  head: (dir: string) => string;
  short: (hash: string) => string;
  /** The commit a build in `dir` (app, app.prev) was made from. */
  release: (dir: string) => string;
  /** How many `systemctl restart potion-runner.service` the script asked for. */
  restarts: () => number;
}

export interface ToyOptions {
  root: string;
  redisUrl: string;
  /** Seconds the script waits for health (POTION_SELFUPDATE_HEALTH_SEC). */
  healthSec: number;
  /**
   * The systemctl stand-in's restart of potion-runner.service waits for the test to say
   * `<root>/restart/done.<n>` after it wrote `asked.<n>` (the test restarts its worker
   * between), before it starts the toy processes. Default: it does not wait.
   */
  handshake?: boolean;
}

/**
 * A toy potion-runner for root's self-update script: a bare remote, a checkout, and a prefix
 * laid out as install.sh leaves it (app/ built from the checkout's HEAD with its .release,
 * self-update/checkout, a mode-600 .env naming the test Redis). `npm ci` and `npm run build`
 * really run in it; only systemctl is a stand-in.
 */
export function makeToy(o: ToyOptions): Toy {
  const { root } = o;
  const prefix = join(root, 'opt');
  const checkout = join(root, 'checkout');
  const upstream = join(root, 'upstream');
  const calls = join(root, 'systemctl.calls');
  const remote = join(root, 'remote.git');
  const head = (dir: string) => git(dir, 'rev-parse', 'HEAD').trim();
  seedUpstream(root, remote, upstream);
  writeFileSync(join(upstream, 'package.json'), '{"name":"toy","version":"1.0.0","private":true,"scripts":{"build":"node build.js"}}\n');
  writeFileSync(join(upstream, 'package-lock.json'), '{"name":"toy","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"toy","version":"1.0.0"}}}\n');
  writeFileSync(join(upstream, 'report.sh'), REPORTS);
  git(upstream, 'add', 'package.json', 'package-lock.json', 'report.sh');
  commit(upstream, 'build.js', BUILD_OK, 'the toy app');
  git(upstream, 'push', '-q', 'origin', 'HEAD:main');
  git(root, 'clone', '-q', remote, checkout);
  const first = head(checkout);

  mkdirSync(join(prefix, 'app'), { recursive: true });
  mkdirSync(join(prefix, 'self-update'), { recursive: true });
  git(checkout, 'archive', '-o', join(root, 'first.tar'), 'HEAD');
  assert.equal(run('tar', ['-x', '-f', join(root, 'first.tar'), '-C', join(prefix, 'app')]).code, 0);
  writeFileSync(join(prefix, 'app', '.release'), `${first}\n`);
  writeFileSync(join(prefix, 'self-update', 'checkout'), `${checkout}\n`);
  writeFileSync(join(prefix, '.env'), `ADMIN_IDS=1001\nDATA_DIR=${join(root, 'data')}\nLOG_DIR=${join(root, 'logs')}\nREDIS_URL=${o.redisUrl}\n`, { mode: 0o600 });

  const bin = join(root, 'bin');
  mkdirSync(bin);
  mkdirSync(join(root, 'restart'));
  writeFileSync(
    join(bin, 'systemctl'),
    [
      '#!/usr/bin/env bash',
      '# Stand-in: records the call; a restart of potion-runner starts the app that is now in PREFIX/app.',
      'printf \'%s\\n\' "$*" >>"$SU_CALLS"',
      '[ "$1" = restart ] && [ "$2" = potion-runner.service ] || exit 0',
      'if [ "$SU_HANDSHAKE" = 1 ]; then',
      '  n=$(grep -c "^restart potion-runner.service$" "$SU_CALLS")',
      '  : >"$SU_RESTART/asked.$n"',
      '  for _ in $(seq 600); do [ -e "$SU_RESTART/done.$n" ] && break; sleep 0.1; done',
      'fi',
      'if [ -f "$POTION_SELFUPDATE_PREFIX/app/report.sh" ]; then sh "$POTION_SELFUPDATE_PREFIX/app/report.sh"; fi',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'systemctl'), 0o755);
  const env: NodeJS.ProcessEnv = {
    ...gitEnv,
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: root,
    SU_CALLS: calls,
    SU_RESTART: join(root, 'restart'),
    SU_HANDSHAKE: o.handshake ? '1' : '0',
    TOY_REDIS_URL: o.redisUrl,
    // The toy's .env names no HOST_ID: the worker reports under the default host's keys.
    TOY_WORKER_PROC: hostKeys('home').proc('worker'),
    TOY_DASHBOARD_PROC: keys.proc('dashboard'),
    POTION_SELFUPDATE_PREFIX: prefix,
    POTION_SELFUPDATE_CLI: CLI,
    POTION_SELFUPDATE_HEALTH_SEC: String(o.healthSec),
    // A user that does not exist: nothing is chowned to it (the tests may run as root).
    POTION_SELFUPDATE_USER: 'potion-nobody',
  };
  return {
    root,
    prefix,
    checkout,
    upstream,
    first,
    env,
    push: (file, text, subject) => {
      commit(upstream, file, text, subject);
      git(upstream, 'push', '-q', 'origin', 'HEAD:main');
      return head(upstream);
    },
    head,
    short: (hash) => git(checkout, 'rev-parse', '--short', hash).trim(),
    release: (dir) => readFileSync(join(dir, '.release'), 'utf8').trim(),
    restarts: () => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter((l) => l === 'restart potion-runner.service').length : 0),
  };
}
