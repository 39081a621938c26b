import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { texts } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import { ADMIN, startBotStack, type BotStack } from '../harness/bot-stack.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

// Issue 15 finding 5: an admin's button press in a supergroup posted the runtime.log tail into
// the group and put a reboot confirmation there. Control, logs and host detail answer only in
// a private chat; a group hears where to ask instead.
const GROUP = -1001234567890;

describe('group chats get no host detail, only where to ask instead', { timeout: 60_000 }, () => {
  let s: BotStack;
  before(async () => {
    s = await startBotStack();
  });
  after(async () => {
    await s?.stop();
  });

  /** An admin presses a button under a message of the bot in the group. */
  const pressInGroup = (data: string) =>
    s.fake.inject({
      callback_query: {
        id: `cbg${s.fake.calls.length}`,
        from: { id: ADMIN, is_bot: false, first_name: 'Admin' },
        chat_instance: 'group-ci',
        data,
        message: { message_id: 7, from: { id: 42, is_bot: true, first_name: 'bot' }, chat: { id: GROUP, type: 'supergroup', title: 'rumah' }, date: Math.floor(Date.now() / 1000), text: 'menu' },
      },
    });
  const typeInGroup = (text: string) =>
    s.fake.inject({
      message: {
        message_id: 1000 + s.fake.calls.length,
        from: { id: ADMIN, is_bot: false, first_name: 'Admin' },
        chat: { id: GROUP, type: 'supergroup', title: 'rumah' },
        date: Math.floor(Date.now() / 1000),
        text,
        ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.length }] } : {}),
      },
    });
  const toGroup = (from: number) => s.fake.calls.slice(from).filter((c) => c.params.chat_id === GROUP);
  const jobsQueued = async () => {
    const counts = await Promise.all(['read', 'once'].map((k) => s.producer.queue(k as 'read' | 'once').getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])));
    return counts.flat().filter((j) => !j.repeatJobKey).map((j) => j.name);
  };

  it("an admin's Tail button and ⏻ Reboot button in a supergroup answer with a pop-up only: nothing posted, nothing queued", async () => {
    const from = s.fake.calls.length;
    pressInGroup('lg:r:t');
    const a = await s.answerAfter(from);
    assert.equal(a.text, texts.privateOnly);
    assert.equal(a.params.show_alert, true);
    const next = s.fake.calls.length;
    pressInGroup('pw:reboot');
    const b = await s.answerAfter(next);
    assert.equal(b.text, texts.privateOnly);
    // Barrier: once /help in the admin's private chat is answered, both presses were handled.
    const barrier = s.fake.calls.length;
    s.fake.type(ADMIN, '/help');
    await s.sentAfter(ADMIN, barrier);
    assert.deepEqual(toGroup(from).map((c) => c.method), [], 'nothing sent to or edited in the group');
    assert.deepEqual(await jobsQueued(), []);
    assert.ok(s.audit().some((l) => l.who === `tg:${ADMIN}` && l.outcome === 'refused' && /not a private chat \(supergroup/.test(l.error ?? '')));
    await expectOneOutcomePerRequest({ actionsLog: join(s.config.logDir, 'actions.log'), fakeApi: s.fake, redis: s.conn });
  });

  it('/reboot typed in the group gets one line saying where to ask, no confirmation, and only once per while', async () => {
    const from = s.fake.calls.length;
    typeInGroup('/reboot');
    const reply = await s.sentAfter(GROUP, from);
    assert.equal(reply.call.text, texts.privateOnly);
    typeInGroup('/logs runtime');
    const barrier = s.fake.calls.length;
    s.fake.type(ADMIN, '/help');
    await s.sentAfter(ADMIN, barrier);
    assert.deepEqual(toGroup(from).map((c) => [c.method, c.text]), [['sendMessage', texts.privateOnly]], 'one line, no confirmation, no log tail');
    assert.deepEqual(await jobsQueued(), []);
    await expectOneOutcomePerRequest({ actionsLog: join(s.config.logDir, 'actions.log'), fakeApi: s.fake, redis: s.conn });
  });

  it('the worker, too, refuses a job whose chat is not the asker\'s private chat (defence in depth)', async () => {
    const answeredFrom = s.fake.calls.length;
    const id = await s.producer.enqueue('logs.tail', { source: 'runtime', lines: 50 }, { requestId: 'group-tail', by: { kind: 'telegram', userId: ADMIN }, chatId: GROUP, enqueuedAt: Date.now() });
    const failed = await waitFor('the job to be refused', async () => {
      const q = s.producer.queue('read');
      return (await q.getJobState(id)) === 'failed' ? q.getJob(id) : undefined;
    });
    assert.match(failed!.failedReason, /not the private chat of user 1001/);
    const answer = await waitFor('the answer to the group', () => s.producer.queue('notify').getJob(`res.read@${s.config.hostId}.${id}`));
    assert.equal(answer.data.payload.text, texts.privateOnly);
    assert.ok(s.audit().some((l) => l.requestId === 'group-tail' && l.outcome === 'refused'));
    await waitFor('the answer in the group', () => s.fake.calls.some((c) => c.params.chat_id === GROUP && c.status === 200 && c.text === texts.privateOnly && s.fake.calls.indexOf(c) >= answeredFrom));
    await expectOneOutcomePerRequest({ actionsLog: join(s.config.logDir, 'actions.log'), fakeApi: s.fake, redis: s.conn });
  });
});
