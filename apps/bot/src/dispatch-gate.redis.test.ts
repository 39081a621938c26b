import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { JOB_NAMES, jobs, keys, mayRun, needsConfirmation, Producer, QUEUE_KINDS, roleOf, texts, waitReady, type JobName } from '@potion/jobs';
import { AuditLog, createLogger, createRedis } from '@potion/platform';
import { FAKE_BOT_TOKEN, startFakeTelegram, startTestRedis, testConfig, type FakeCall, type FakeTelegram, type TestRedis } from '@potion/testkit';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Redis } from 'ioredis';
import { ConfirmTokens, type Confirmation } from './confirm-token.js';
import type { BotContext, BotDeps } from './context.js';
import { dispatch } from './courier.js';
import { confirmHandlers } from './menus/confirm.js';
import { botTexts } from './texts.js';
import { htmlParseMode } from './html-mode.js';

// The gate in front of dispatch, driven by the registry: every job is covered, so a job added
// to the registry tomorrow is checked here without touching this file.
const ADMIN = 1001;
const VIEWER = 2002;
/** The payload a test press asks with (kept by identity: a confirmation is for this object only). */
const RESTART_N8N = { unit: 'n8n.service' };

let server: TestRedis;
let fake: FakeTelegram;
let redis: Redis;
let producer: Producer;
let deps: BotDeps;
let bot: Bot<BotContext>;
let nextUpdate = 1;
let nextMessage = 1;
/** What each test update asks dispatch for (set before the update is handled). */
let asked: { job: JobName; payload: unknown; confirmation?: Confirmation } = { job: 'status.summary', payload: {} };
const tryIt = (ctx: BotContext) => dispatch(ctx, deps, asked.job, asked.payload as never, asked.confirmation ? { confirmation: asked.confirmation } : {});

before(async () => {
  server = await startTestRedis();
  fake = await startFakeTelegram();
  const config = testConfig({ ADMIN_IDS: String(ADMIN), VIEWER_IDS: String(VIEWER) });
  redis = createRedis(server.url, { role: 'producer', name: 'gate-test' });
  await waitReady(redis);
  producer = new Producer({ connection: redis, hostId: config.hostId });
  const log = createLogger({ name: 'bot', logDir: undefined, level: 'silent', stdout: false });
  deps = { config, log, producer, redis, audit: new AuditLog(config.logDir), now: Date.now, tokens: new ConfirmTokens(redis) };
  bot = new Bot<BotContext>(FAKE_BOT_TOKEN, { client: { apiRoot: fake.apiRoot } });
  // As createBotApp does: every text is Telegram HTML.
  bot.api.config.use(htmlParseMode());
  await bot.init();
  bot.use(async (ctx, next) => {
    const userId = ctx.from?.id ?? 0;
    ctx.potion = { userId, role: roleOf(config, userId) };
    await next();
  });
  bot.use(confirmHandlers(deps));
  bot.command('try', tryIt);
  bot.callbackQuery('try', tryIt);
});
after(async () => {
  await producer?.close();
  redis?.disconnect();
  await fake?.stop();
  await server?.stop();
});

const from = (userId: number) => ({ id: userId, is_bot: false, first_name: 'Tester' });
const chat = (userId: number) => ({ id: userId, type: 'private' as const, first_name: 'Tester' });

/** A typed /try (or a press of a `try` button) from this user, handled to the end. */
async function ask(userId: number, via: 'command' | 'button', job: JobName, payload: unknown = {}, confirmation?: Confirmation): Promise<{ updateId: number; calls: FakeCall[] }> {
  asked = { job, payload, ...(confirmation ? { confirmation } : {}) };
  const updateId = nextUpdate++;
  const mark = fake.calls.length;
  const message = { message_id: nextMessage++, date: Math.floor(Date.now() / 1000), chat: chat(userId), from: from(userId) };
  const update: Update =
    via === 'command'
      ? { update_id: updateId, message: { ...message, text: '/try', entities: [{ type: 'bot_command', offset: 0, length: 4 }] } }
      : { update_id: updateId, callback_query: { id: `cb${updateId}`, from: from(userId), chat_instance: 'x', data: 'try', message: { ...message, from: { id: fake.botId, is_bot: true, first_name: 'Potion' }, text: 'menu' } } };
  await bot.handleUpdate(update);
  return { updateId, calls: fake.calls.slice(mark) };
}

/** A press of a button the bot sent (✅ under a confirmation), handled to the end. */
async function press(userId: number, data: string): Promise<{ updateId: number; calls: FakeCall[] }> {
  const updateId = nextUpdate++;
  const mark = fake.calls.length;
  const message = { message_id: nextMessage++, date: Math.floor(Date.now() / 1000), chat: chat(userId), from: { id: fake.botId, is_bot: true, first_name: 'Potion' }, text: 'confirm' };
  await bot.handleUpdate({ update_id: updateId, callback_query: { id: `cb${updateId}`, from: from(userId), chat_instance: 'x', data, message } });
  return { updateId, calls: fake.calls.slice(mark) };
}

/** Nothing of this update reached a queue: neither the job nor its pending message. */
async function assertNothingQueued(updateId: number, job: JobName): Promise<void> {
  for (const kind of QUEUE_KINDS) {
    for (const id of [`tg-${updateId}`, `pend-${updateId}`]) {
      assert.equal(await producer.queue(kind).getJob(id), undefined, `${job}: ${id} must not be on the ${kind} queue`);
    }
  }
}

const refusals = (userId: number) =>
  (existsSync(deps.audit.path) ? readFileSync(deps.audit.path, 'utf8') : '')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { who: string; action: string; outcome: string })
    .filter((e) => e.who === `tg:${userId}` && e.outcome === 'refused');

const confirmButton = (calls: FakeCall[]): string | undefined => {
  const sent = calls.find((c) => c.method === 'sendMessage' && String(c.text).startsWith('Yakin mau'));
  const markup = sent?.params.reply_markup;
  const rows = (typeof markup === 'string' ? JSON.parse(markup) : markup) as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
  return rows?.inline_keyboard?.flat().find((b) => b.text.includes('✅'))?.callback_data;
};

const adminOnly = JOB_NAMES.filter((n) => !mayRun(jobs[n], 'viewer'));
const confirmed = JOB_NAMES.filter((n) => needsConfirmation(jobs[n]));

test('the registry is read: every mutating job is admin-only and confirmed, and the table is not empty', () => {
  for (const n of JOB_NAMES.filter((j) => jobs[j].mutates)) {
    assert.ok(adminOnly.includes(n), `${n} mutates, so only admins may ask for it`);
    assert.ok(confirmed.includes(n), `${n} mutates, so it is confirmed first`);
  }
  for (const n of ['service.restart', 'host.reboot', 'host.shutdown', 'update.apt', 'backup.restore', 'backup.prune'] as const) assert.ok(confirmed.includes(n), n);
  assert.ok(adminOnly.includes('logs.file') && !adminOnly.includes('status.summary'));
});

describe('a viewer asking for a job only admins may run is refused with their id, audited, and nothing is queued', () => {
  for (const job of adminOnly) {
    for (const via of ['command', 'button'] as const) {
      test(`${job} (${via})`, async () => {
        const before = refusals(VIEWER).length;
        const { updateId, calls } = await ask(VIEWER, via, job);
        const said = via === 'command' ? calls.find((c) => c.method === 'sendMessage') : calls.find((c) => c.method === 'answerCallbackQuery');
        assert.equal(said?.text, texts.notAllowed(VIEWER));
        if (via === 'button') assert.equal(said?.params.show_alert, true);
        assert.ok(!calls.some((c) => c.method === 'sendMessage' && String(c.text).startsWith('Yakin mau')), 'no confirmation asked');
        assert.equal(await redis.get(keys.confirm(`user-${VIEWER}`)), null, 'no confirmation token made');
        const audited = refusals(VIEWER).slice(before);
        assert.deepEqual(audited.map((e) => e.action), [via === 'command' ? 'command:try' : 'button:try']);
        await assertNothingQueued(updateId, job);
      });
    }
  }
});

describe('an admin asking for a job the registry confirms gets the confirmation, and nothing is queued yet', () => {
  for (const job of confirmed) {
    test(job, async () => {
      const { updateId, calls } = await ask(ADMIN, 'button', job);
      assert.equal(calls.find((c) => c.method === 'answerCallbackQuery')?.text, undefined, 'the press is answered without a pop-up');
      assert.match(String(confirmButton(calls)), /^cf:[A-Za-z0-9_-]{16}$/, 'a ✅ button under the CONFIRM text');
      await assertNothingQueued(updateId, job);
    });
  }
});

test('a confirmation counts only for its own job and payload: consumed for another, the job is asked again, not queued', async () => {
  const { tokens } = deps;
  const reboot = await tokens.take(await tokens.create({ userId: ADMIN, chatId: ADMIN, job: 'host.reboot', payload: {}, label: 'reboot' }), ADMIN);
  assert.ok(reboot.ok);
  const shutdown = await ask(ADMIN, 'command', 'host.shutdown', reboot.action.payload, reboot.confirmation);
  assert.ok(confirmButton(shutdown.calls), 'asked to confirm the shutdown itself');
  await assertNothingQueued(shutdown.updateId, 'host.shutdown');

  const n8n = await tokens.take(await tokens.create({ userId: ADMIN, chatId: ADMIN, job: 'service.restart', payload: RESTART_N8N, label: 'me-restart n8n.service' }), ADMIN);
  assert.ok(n8n.ok);
  const elsewhere = await ask(ADMIN, 'command', 'service.restart', { unit: 'cloudflared.service' }, n8n.confirmation);
  assert.ok(confirmButton(elsewhere.calls), 'asked to confirm the other unit');
  await assertNothingQueued(elsewhere.updateId, 'service.restart');

  // The confirmation of an admin is not one for a viewer either.
  const viewer = await ask(VIEWER, 'command', 'service.restart', n8n.action.payload, n8n.confirmation);
  assert.equal(viewer.calls.find((c) => c.method === 'sendMessage')?.text, texts.notAllowed(VIEWER));
  await assertNothingQueued(viewer.updateId, 'service.restart');
});

test('✅ under the confirmation queues the job once for the admin who asked; a viewer may run a viewer job without one', async () => {
  const asking = await ask(ADMIN, 'command', 'service.restart', RESTART_N8N);
  await assertNothingQueued(asking.updateId, 'service.restart');
  const yes = confirmButton(asking.calls);
  assert.ok(yes);
  const pressed = await press(ADMIN, yes);
  const job = await producer.queue('once').getJob(`tg-${pressed.updateId}`);
  assert.equal(job?.name, 'service.restart');
  assert.deepEqual((job?.data as { payload: unknown }).payload, RESTART_N8N);
  const again = await press(ADMIN, yes);
  assert.equal(again.calls.find((c) => c.method === 'answerCallbackQuery')?.text, botTexts.confirmGone);
  await assertNothingQueued(again.updateId, 'service.restart');

  const look = await ask(VIEWER, 'command', 'status.summary');
  assert.equal((await producer.queue('read').getJob(`tg-${look.updateId}`))?.name, 'status.summary');
});
