import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { APP_MAIN, FAKE_BOT_TOKEN, startAppProcess, startFakeTelegram, startTestRedis, testConfig, waitFor, type AppProcess, type FakeTelegram, type TestRedis } from '@potion/testkit';

let redis: TestRedis;
let fake: FakeTelegram;
const procs: AppProcess[] = [];

before(async () => {
  redis = await startTestRedis();
  fake = await startFakeTelegram();
});
after(async () => {
  for (const p of procs) await p.stop();
  await fake?.stop();
  await redis?.stop();
});

function startBot(env: Record<string, string> = {}): AppProcess {
  const config = testConfig({ REDIS_URL: redis.url, BOT_TOKEN: FAKE_BOT_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'info', ...env });
  const p = startAppProcess(APP_MAIN.bot, config.env);
  procs.push(p);
  return p;
}

test('a bot started while Telegram is unreachable keeps trying and starts polling once it is back', async () => {
  await fake.setMode({ kind: 'down' });
  const bot = startBot();
  // A power cut: the laptop is up before the internet.
  await waitFor('the bot to find Telegram unreachable', () => bot.output().includes('cannot reach Telegram yet; trying again'), 15_000);
  assert.equal(bot.child.exitCode, null, 'still running while Telegram is down');
  await fake.setMode({ kind: 'up' });
  await fake.waitForCall((c) => c.method === 'getUpdates', 15_000, 'polling after Telegram came back');
  assert.equal((await bot.stop()).code, 0);
});

test('a token Telegram rejects (401) stops the bot with a message saying what to fix', async () => {
  const bot = startBot({ BOT_TOKEN: '987654321:AAWrongTokenWrongTokenWrongToken_xyz' });
  const r = await bot.exited;
  assert.equal(r.code, 78);
  assert.match(bot.output(), /Telegram does not accept BOT_TOKEN \(401 Unauthorized\)/);
});
