import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Runner } from '@potion/adapters';
import type { Finding } from './finding.js';
import { checkUnits } from './services.js';

/** systemctl as Ubuntu 24.04 answers is-enabled / is-active for one unit per call. */
function fakeSystemctl(enabled: Record<string, string>, active: Record<string, string>): Runner {
  return async (command, args) => {
    const unit = args.at(-1)!;
    const table = args[0] === 'is-enabled' ? enabled : active;
    const stdout = table[unit] === undefined ? '' : `${table[unit]}\n`;
    return { command, args, exitCode: stdout.startsWith('enabled') || stdout.startsWith('active') ? 0 : 1, stdout, stderr: '', durationMs: 1 };
  };
}

test('units not enabled, not running or not installed are each reported with the command that fixes them', async () => {
  const out: Finding[] = [];
  await checkUnits(
    fakeSystemctl(
      { 'potion-runner.service': 'enabled', 'potion-runner-worker.service': 'disabled', 'potion-runner-bot.service': 'enabled' },
      { 'potion-runner.service': 'active', 'potion-runner-worker.service': 'inactive', 'potion-runner-bot.service': 'failed' },
    ),
    out,
  );
  const byWhat = (re: RegExp) => out.find((f) => re.test(f.what));
  assert.equal(byWhat(/^potion-runner\.service/)?.level, 'ok');
  assert.equal(byWhat(/worker.*disabled/)?.fix, 'sudo systemctl enable --now potion-runner-worker.service');
  assert.match(byWhat(/bot.*failed/)?.fix ?? '', /sudo systemctl restart potion-runner-bot\.service; why it stopped: journalctl -u potion-runner-bot\.service/);
  assert.equal(byWhat(/dashboard.*not installed/)?.fix, 'sudo deploy/install.sh');
});

test('the unit the PRD commands name (potion-runner.service) is checked; stopped, it is started again alone', async () => {
  const out: Finding[] = [];
  const all = { 'potion-runner.service': 'enabled', 'potion-runner-worker.service': 'enabled', 'potion-runner-bot.service': 'enabled', 'potion-runner-dashboard.service': 'enabled' };
  await checkUnits(fakeSystemctl(all, { 'potion-runner.service': 'failed', 'potion-runner-worker.service': 'active', 'potion-runner-bot.service': 'active', 'potion-runner-dashboard.service': 'active' }), out);
  const umbrella = out.find((f) => f.what.startsWith('potion-runner.service'));
  assert.equal(umbrella?.level, 'problem');
  assert.match(umbrella?.what ?? '', /potion-runner\.service is failed: systemctl status potion-runner and journalctl -u potion-runner show too little/);
  assert.equal(umbrella?.fix, 'sudo systemctl start potion-runner; why it stopped: journalctl -u potion-runner -n 50');
  assert.equal(out.filter((f) => f.level === 'ok').length, 3);
});
