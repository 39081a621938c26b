import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { APP_MAIN, startAppProcess, startTestRedis, waitFor, type TestRedis } from '@potion/testkit';
import { ADMIN, auditPath, startFaultStack, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest, finalAuditLines, pendingMessages } from '../harness/one-outcome.js';

const UNIT = fileURLToPath(new URL('../../../deploy/systemd/potion-runner-bot.service', import.meta.url));
/** How long a bot must have been polling to count as the one holding the chat (apps/bot/src/conflict.ts). */
const INCUMBENT_AFTER_MS = 10_000;

// Item 1 of issue 21: a second bot started with the same token (a second `npm start` stack with
// its own private Redis, or the systemd unit next to a hand-started bot).
describe('fault: a second bot is started with the same BOT_TOKEN', { timeout: 90_000 }, () => {
  let s: FaultStack;
  let otherRedis: TestRedis;
  before(async () => {
    s = await startFaultStack();
    otherRedis = await startTestRedis();
  });
  after(async () => {
    await otherRedis?.stop();
    await s?.stop();
  });

  it('the running bot keeps the chat; the newcomer stops with a clear message and an exit code systemd does not restart', async () => {
    // The first bot has been running for a while (a second stack is started later).
    await delay(INCUMBENT_AFTER_MS + 500);
    const newcomer = startAppProcess(APP_MAIN.bot, { ...s.config.env, REDIS_URL: otherRedis.url });
    const exited = await Promise.race([newcomer.exited, delay(40_000).then(() => undefined)]);
    if (!exited) await newcomer.stop();
    assert.ok(exited, `the newcomer kept running; the first bot: ${s.bot()?.child.exitCode === null ? 'running' : 'exited'}`);
    assert.equal(exited.code, 75);
    assert.match(newcomer.output(), /another potion-runner bot is already polling Telegram with this BOT_TOKEN/);
    assert.match(newcomer.output(), /systemctl stop potion-runner-bot/);
    assert.equal(s.bot()?.child.exitCode, null, 'the first bot still runs');

    // The first bot still answers.
    const id = s.fake.type(ADMIN, '/services');
    await waitFor('the answer from the first bot', () => pendingMessages(s.fake, ADMIN).some((p) => p.finals.length > 0), 30_000);
    assert.equal(finalAuditLines(auditPath(s.config), `u${id}`).length, 1);
    assert.deepEqual(pendingMessages(s.fake, ADMIN).map((p) => p.finals.length), [1]);

    // systemd does not restart the newcomer in a loop.
    const unit = readFileSync(UNIT, 'utf8');
    assert.match(unit, /^RestartPreventExitStatus=.*\b75\b/m);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
