import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APT_UPDATE_ARGS, APT_UPGRADE_ARGS, aptAutoremove, aptClean, controlUnit, journalVacuum, PRIVILEGED_COMMANDS, SELF_UPDATE_SCRIPT_PATH, selfUpdateCheck, startSelfUpdate, type Runner } from '@potion/adapters';
import { commandSpecs, renderSudoers, sudoersEscape, TOOL_PATHS } from './sudoers.js';

/** The rule line sudo would match for `sudo <args>`, with the tool resolved like secure_path does. */
const ruleFor = (sudoArgs: readonly string[]) => {
  const [tool, ...rest] = sudoArgs[0] === '-n' ? sudoArgs.slice(1) : sudoArgs;
  return [TOOL_PATHS[tool!]!, ...rest].map(sudoersEscape).join(' ');
};

test('every privileged command the adapters declare renders to at least one rule', () => {
  for (const c of PRIVILEGED_COMMANDS) assert.ok(commandSpecs(c.argv, ['n8n.service'], c.patterns).length > 0, c.purpose);
});

test('the exact command lines the adapters run through sudo are in the rendered rules', async () => {
  const text = renderSudoers({ user: 'potion', units: ['n8n.service'] });
  assert.ok(text.includes(ruleFor(APT_UPDATE_ARGS)), 'apt-get update');
  assert.ok(text.includes(ruleFor(APT_UPGRADE_ARGS)), 'apt-get upgrade');
  const seen: (readonly string[])[] = [];
  const run: Runner = async (command, args) => {
    seen.push(args);
    return { command, args, exitCode: 0, stdout: '', stderr: '', durationMs: 0 };
  };
  for (const verb of ['start', 'stop', 'restart'] as const) await controlUnit(run, verb, 'n8n.service');
  for (const args of seen) assert.ok(text.includes(ruleFor(args)), args.join(' '));
});

test('a unit outside the whitelist gets no rule, and an empty whitelist no unit alias at all', () => {
  assert.doesNotMatch(renderSudoers({ user: 'potion', units: ['n8n.service'] }), /ssh\.service/);
  // `-- <unit>`: the whitelist's lines (the self-update's own `start --no-block` line names its fixed unit).
  assert.doesNotMatch(renderSudoers({ user: 'potion', units: [] }), /systemctl (start|stop|restart) -- /);
});

test('a privileged tool without a known path fails loudly instead of leaving a rule out', () => {
  assert.throws(() => commandSpecs(['rm', '-rf', '*'], []), /no path known for privileged tool "rm"/);
});

test('the disk clean-ups run exactly the lines the rendered rules allow: apt-get clean, autoremove, journalctl --vacuum-size', async () => {
  const text = renderSudoers({ user: 'potion', units: [] });
  const seen: (readonly string[])[] = [];
  const run: Runner = async (command, args) => {
    if (command === 'sudo') seen.push(args);
    return { command, args, exitCode: 0, stdout: '', stderr: '', durationMs: 0 };
  };
  await aptClean(run);
  await aptAutoremove(run);
  await journalVacuum(run);
  assert.equal(seen.length, 3);
  for (const args of seen) assert.ok(text.includes(ruleFor(args)), args.join(' '));
  assert.match(text, /^Cmnd_Alias POTION_VACUUM_THE_JOURNAL = \/usr\/bin\/journalctl --vacuum-size\\=100M$/m);
  assert.match(text, /^Cmnd_Alias POTION_CLEAN_THE_APT_PACKAGE_CACHE = \/usr\/bin\/apt-get -q clean$/m);
  assert.match(text, /^Cmnd_Alias POTION_REMOVE_PACKAGES_NOTHING_NEEDS_OLD_KERNELS = \/usr\/bin\/env DEBIAN_FRONTEND\\=noninteractive NEEDRESTART_MODE\\=l \/usr\/bin\/apt-get -q -y autoremove$/m);
});

test('self-update: the worker may run the root-owned script with `check` and start the root unit, nothing more', async () => {
  const text = renderSudoers({ user: 'potion', units: ['n8n.service'] });
  const seen: string[] = [];
  const run: Runner = async (command, args) => {
    seen.push([command, ...args].join(' '));
    return { command, args, exitCode: 0, stdout: 'running 0123abc first\nupstream origin/main\ntotal 0\n', stderr: '', durationMs: 0 };
  };
  await selfUpdateCheck(run, { script: SELF_UPDATE_SCRIPT_PATH });
  await startSelfUpdate(run);
  assert.deepEqual(seen, [
    'sudo -n /opt/potion-runner/app/deploy/self-update.sh check',
    'sudo -n systemctl start --no-block potion-runner-selfupdate.service',
  ]);
  assert.ok(text.includes('/opt/potion-runner/app/deploy/self-update.sh check'), text);
  assert.ok(text.includes('/usr/bin/systemctl start --no-block potion-runner-selfupdate.service'), text);
  assert.doesNotMatch(text, /self-update\.sh run/, 'the build runs only in the root unit, never by sudo');
});
