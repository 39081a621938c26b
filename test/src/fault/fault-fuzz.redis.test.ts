import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keys, openQueue, queueName, texts } from '@potion/jobs';
import { waitFor } from '@potion/testkit';
import type { Queue } from 'bullmq';
import { auditPath, ADMIN, ADMIN2, startFaultStack, VIEWER, type FaultStack } from '../harness/fault-harness.js';
import { expectOneOutcomePerRequest } from '../harness/one-outcome.js';

const STRANGER = 5555;
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

/** mulberry32: a small seeded generator, so a failing run can be repeated with FUZZ_SEED. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  '', ' ', '\u0000', '\u0007\u001b[31mred\u001b[0m', '\r\n\r\n', '\t\t', '\ud800', '\udfff', '\ud83d', '💾🧨🔥'.repeat(50), '👨‍👩‍👧‍👦',
  '<b>bold</b><script>alert(1)</script>', '*bold* _it_ `code` [link](http://x) ~~s~~ ||spoiler||', '&amp; &lt; &#0; &#x110000;',
  '$(reboot)', '`reboot`', '; rm -rf / #', '| sh', '--help', '-rf', '../../../../etc/passwd', '%s%s%s%n', '{{7*7}}', '${7*7}',
  '\u202eexe.txt', 'ya ya', 'YA!!!!', 'ＹＡ', 'null', 'undefined', '__proto__', '{"__proto__":{"admin":true}}', '1e309', '-0', 'NaN',
  '/start@other_bot', '/unknowncmd', '/ status', '//services', '/reboot@', '/logs ' + 'x'.repeat(300),
];

function randomText(r: () => number): string {
  const pick = r();
  if (pick < 0.35) return NASTY[Math.floor(r() * NASTY.length)]!;
  if (pick < 0.45) return 'a'.repeat(4096 + Math.floor(r() * 60_000));
  const len = Math.floor(r() * 200);
  let out = '';
  for (let i = 0; i < len; i++) {
    const k = r();
    // Mostly printable, some control characters, lone surrogates, emoji and markup characters.
    if (k < 0.6) out += String.fromCharCode(32 + Math.floor(r() * 95));
    else if (k < 0.7) out += String.fromCharCode(Math.floor(r() * 32));
    else if (k < 0.8) out += String.fromCharCode(0xd800 + Math.floor(r() * 0x800));
    else if (k < 0.9) out += String.fromCodePoint(0x1f300 + Math.floor(r() * 0x300));
    else out += '<>&*_[]()`~|\\"\''.charAt(Math.floor(r() * 15));
  }
  // Never a real command or menu label by chance: those are legitimate presses, not fuzz.
  return out.startsWith('/') ? `x${out}` : out;
}

// Item 9 of issue 9: bad input against the bot and, by hand in Redis, against the worker.
describe('fault: random and malformed input against the bot and the worker', { timeout: 90_000 }, () => {
  let s: FaultStack;
  let once: Queue;
  let read: Queue;
  let notify: Queue;
  before(async () => {
    s = await startFaultStack({ env: { BOT_FLOOD_BURST: '100000', JOB_LOCK_MS: '1000' } });
    once = openQueue(queueName('once', s.config.hostId), { connection: s.conn });
    read = openQueue(queueName('read', s.config.hostId), { connection: s.conn });
    notify = openQueue(queueName('notify', s.config.hostId), { connection: s.conn });
  });
  after(async () => {
    await Promise.all([once?.close(), read?.close(), notify?.close()]);
    await s?.stop();
  });

  const allJobs = async (q: Queue) => q.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
  /** Commands that change something (the health sampler's read-only systemctl calls do not count). */
  const commandsRun = () =>
    s.standins.calls('sudo').length + s.standins.calls('systemctl').filter((c) => /\b(start|stop|restart|reboot|poweroff|kill)\b/.test(c)).length;

  it('the bot: typed text, callback data, other users\' tokens and malformed updates run nothing and crash nothing', async (t) => {
    const r = rng(SEED);
    const from = s.fake.calls.length;
    const botPid = s.bot()?.child.pid;
    const users = [ADMIN, ADMIN2, VIEWER, STRANGER];

    // A real confirmation owned by ADMIN, to press with everyone else's hands.
    s.fake.type(ADMIN, '🧰 Kontrol');
    const picker = await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.text === '🧰 Mau kontrol service yang mana?');
    const pickerId = (picker.result as { message_id: number }).message_id;
    s.fake.press(ADMIN, pickerId, s.fake.buttons(pickerId).find((b) => b.text === 'n8n.service')!.data);
    await waitFor('the action buttons', () => s.fake.buttons(pickerId).find((b) => b.text.includes('Restart')));
    s.fake.press(ADMIN, pickerId, s.fake.buttons(pickerId).find((b) => b.text.includes('Restart'))!.data);
    const yes = await waitFor('the confirmation', () => s.fake.buttons(pickerId).find((b) => b.text.includes('✅')));
    const token = yes.data.slice(3);
    const baseline = commandsRun();

    const texted: Array<{ user: number; updateId: number }> = [];
    const pressed: Array<{ user: number; id: string }> = [];
    let malformed = 0;
    const n = 400;
    for (let i = 0; i < n; i++) {
      const user = users[Math.floor(r() * users.length)]!;
      const kind = r();
      if (kind < 0.45) {
        texted.push({ user, updateId: s.fake.type(user, randomText(r)) });
      } else if (kind < 0.8) {
        const variants = [
          () => randomText(r).slice(0, 64),
          () => `cf:${randomText(r).slice(0, 20)}`,
          () => `cf:${token}`, // the admin's real token, pressed by anyone (the owner is never picked below)
          () => `cx:${token}`,
          () => `ctl:u:${Math.floor(r() * 1000)}`,
          () => `ctl:a:${Math.floor(r() * 1000)}:${['start', 'stop', 'restart', 'reboot', ''][Math.floor(r() * 5)]}`,
          () => `set:${randomText(r).slice(0, 10)}`,
          () => 'x'.repeat(65 + Math.floor(r() * 500)),
        ];
        const presser = user === ADMIN ? ADMIN2 : user;
        const updateId = s.fake.press(presser, Math.floor(r() * 100_000), variants[Math.floor(r() * variants.length)]!());
        pressed.push({ user: presser, id: `cb${updateId}` });
      } else {
        malformed += 1;
        const shapes: Array<Record<string, unknown>> = [
          {},
          { message: {} },
          { message: { message_id: 1, date: 0, chat: { id: user, type: 'private' }, text: 'no from' } },
          { message: { message_id: 1, date: 0, from: { id: user, is_bot: false, first_name: 'x' }, text: 'no chat' } },
          { message: { message_id: 1, date: 0, from: { id: user, is_bot: false, first_name: 'x' }, chat: { id: user, type: 'private' }, text: 12345 } },
          { message: { message_id: 1, date: 0, from: { id: user, is_bot: true, first_name: 'bot' }, chat: { id: user, type: 'private' }, text: '📊 Status' } },
          { message: { message_id: 1, date: 0, from: { id: user, is_bot: false, first_name: 'x' }, chat: { id: -100123, type: 'supergroup', title: 'g' }, text: '📊 Status' } },
          { message: { message_id: 1, date: 0, from: { id: user, is_bot: false, first_name: 'x' }, chat: { id: user, type: 'private' }, sticker: { file_id: 'x' } } },
          { edited_message: { message_id: 1, date: 0, edit_date: 1, from: { id: user, is_bot: false, first_name: 'x' }, chat: { id: user, type: 'private' }, text: '📊 Status' } },
          { channel_post: { message_id: 1, date: 0, chat: { id: -100999, type: 'channel', title: 'c' }, text: '/reboot' } },
          { callback_query: { id: 'cbx', from: { id: user, is_bot: false, first_name: 'x' }, chat_instance: 'c', data: `cf:${token}` } },
          { callback_query: { id: 'cby', from: { id: user, is_bot: false, first_name: 'x' }, chat_instance: 'c' } },
          { inline_query: { id: 'iq', from: { id: user, is_bot: false, first_name: 'x' }, query: 'reboot', offset: '' } },
          { my_chat_member: { chat: { id: user, type: 'private' }, from: { id: user, is_bot: false, first_name: 'x' }, date: 0 } },
          { totally_unknown_update_type: { reboot: true } },
        ];
        const shape = shapes[Math.floor(r() * shapes.length)]!;
        // A callback without message from ADMIN would be the owner's own press: press as ADMIN2.
        s.fake.inject(JSON.parse(JSON.stringify(shape).replaceAll(`"id":${ADMIN},"is_bot"`, `"id":${ADMIN2},"is_bot"`)) as Record<string, unknown>);
      }
    }
    // Barrier: once /help is answered, every update before it was handled.
    const barrier = s.fake.calls.length;
    s.fake.type(ADMIN, '/help');
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= barrier && c.method === 'sendMessage' && c.params.chat_id === ADMIN && String(c.text).startsWith('Yang bisa aku bantu'), 60_000, 'the /help after the fuzz');
    // Chats are handled concurrently: the other chats may still be busy. Every update the bot
    // took is in its inbox until handled (a stranger's too).
    await waitFor('every update to be handled', async () => (await s.conn.hlen(keys.botInbox)) === 0, 60_000);

    assert.equal(s.bot()?.child.pid, botPid);
    assert.equal(s.bot()?.child.exitCode, null, 'the bot is alive');
    assert.equal(commandsRun(), baseline, `no command ran: ${s.standins.calls('sudo').join(' | ')}`);
    assert.deepEqual((await allJobs(once)).map((j) => j.name), [], 'no must-not-repeat job was queued');
    assert.deepEqual((await allJobs(read)).filter((j) => !j.repeatJobKey).map((j) => j.name), [], 'no read job was queued (but the schedulers\' own)');
    // Everyone allowed in got an answer to each text; every button press was answered (spinner stopped).
    const answered = new Set(s.fake.calls.slice(from).filter((c) => c.method === 'answerCallbackQuery').map((c) => String(c.params.callback_query_id)));
    const unanswered = pressed.filter((p) => p.user !== STRANGER && !answered.has(p.id));
    assert.deepEqual(unanswered, [], 'every press of a known user is answered');
    const known = texted.filter((x) => x.user !== STRANGER);
    const replies = s.fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && [ADMIN, ADMIN2, VIEWER].includes(Number(c.params.chat_id)));
    assert.ok(replies.length >= known.length, `${replies.length} replies for ${known.length} texts`);
    // Other users' presses on the admin's confirmation were refused and said so.
    const notYours = s.fake.calls.slice(from).filter((c) => c.method === 'answerCallbackQuery' && /bukan punyamu/.test(String(c.text)));
    assert.ok(notYours.length > 0, 'a foreign token is refused with a message');
    // The owner can still confirm: the fuzz did not use up or break the token.
    const beforeOwn = s.fake.calls.length;
    s.fake.press(ADMIN, pickerId, `cf:${token}`);
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= beforeOwn && c.method === 'editMessageText' && c.text === texts.PROCESSING);
    await s.fake.waitForCall((c) => s.fake.calls.indexOf(c) >= beforeOwn && c.method === 'editMessageText' && c.params.message_id === pickerId && /sudah di-restart/.test(String(c.text)), 15_000, 'the restart result');
    assert.equal(s.standins.calls('sudo').filter((c) => c.includes('restart -- n8n.service')).length, 1, 'the owner\'s restart ran once');
    t.diagnostic(`bot fuzz: ${n} inputs (${texted.length} texts, ${pressed.length} button presses, ${malformed} malformed updates), seed ${SEED}`);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });

  it('the worker: malformed jobs written into Redis by hand are refused with a reason, none retried, nothing run', async (t) => {
    const r = rng(SEED + 1);
    const baseline = commandsRun();
    const workerPid = s.worker()?.child.pid;
    const meta = (userId: unknown = ADMIN) => ({ requestId: `fz${Math.floor(r() * 1e9)}`, by: { kind: 'telegram', userId }, chatId: userId, enqueuedAt: Date.now() });
    const names = ['service.restart', 'service.stop', 'service.start', 'power.reboot', 'power.shutdown', 'status.summary', 'service.list', 'logs.tail', 'nope', '', '__proto__', 'service.restart '.repeat(20)];
    const datas: Array<() => unknown> = [
      () => null,
      () => randomText(r),
      () => Math.floor(r() * 1e6),
      () => [],
      () => ({}),
      () => ({ payload: {} }),
      () => ({ meta: meta() }),
      () => ({ payload: { unit: randomText(r) }, meta: meta() }),
      () => ({ payload: { unit: `${randomText(r).slice(0, 20)}.service` }, meta: meta() }),
      () => ({ payload: { unit: 'n8n.service', extra: '$(reboot)' }, meta: meta(STRANGER) }),
      () => ({ payload: { unit: 'n8n.service' }, meta: meta('1001') }),
      () => ({ payload: { unit: 'n8n.service' }, meta: { ...meta(), by: { kind: 'root', name: 'x' } } }),
      () => ({ payload: { unit: 'n8n.service' }, meta: meta(VIEWER) }),
      () => ({ payload: { unit: 'ssh.service' }, meta: meta() }),
      () => ({ payload: { lines: -1, source: '../../etc/shadow' }, meta: meta() }),
      () => ({ payload: { lines: 1e12, source: 'n8n.service' }, meta: meta() }),
      () => JSON.parse('{"payload":{"unit":"n8n.service","__proto__":{"admin":true}},"meta":{"__proto__":{"by":{"kind":"system","name":"x"}}}}') as unknown,
    ];
    const ids: Array<{ kind: 'once' | 'read'; id: string }> = [];
    const n = 300;
    for (let i = 0; i < n; i++) {
      const name = names[Math.floor(r() * names.length)]!;
      const kind = r() < 0.6 ? 'once' : 'read';
      const q = kind === 'once' ? once : read;
      const job = await q.add(name, datas[Math.floor(r() * datas.length)]!() as never, { attempts: 3 });
      ids.push({ kind, id: job.id! });
    }
    // Garbage in the outbox too: the bot refuses it without sending anything odd.
    for (let i = 0; i < 20; i++) await notify.add('notify.send', datas[Math.floor(r() * datas.length)]!() as never);
    const finished = await waitFor('every fuzz job to be settled', async () => {
      const states = await Promise.all(ids.map(async (x) => ({ ...x, state: await (x.kind === 'once' ? once : read).getJobState(x.id) })));
      return states.every((st) => st.state === 'failed' || st.state === 'completed') ? states : undefined;
    }, 60_000);
    const completed = finished.filter((x) => x.state === 'completed');
    // A few hand-made read jobs are valid (an admin asking for the service list): they may run.
    for (const c of completed) {
      const job = await read.getJob(c.id);
      assert.equal(c.kind, 'read', `a must-not-repeat fuzz job completed: ${job?.name}`);
    }
    assert.equal(commandsRun(), baseline, `no command that changes anything ran: ${s.standins.calls('sudo').join(' | ')}`);
    for (const f of finished.filter((x) => x.state === 'failed')) {
      const job = await (f.kind === 'once' ? once : read).getJob(f.id);
      assert.ok(job?.failedReason && job.failedReason.length > 5, `a reason for ${f.id}`);
      assert.equal(job.attemptsMade, 1, `${job.name}: refused at once, not retried (${job.failedReason})`);
    }
    assert.equal(s.worker()?.child.pid, workerPid);
    assert.equal(s.worker()?.child.exitCode, null, 'the worker is alive');
    assert.equal(s.bot()?.child.exitCode, null, 'the bot is alive');
    // Still working: a real request after the fuzz.
    const from = s.fake.calls.length;
    s.fake.type(ADMIN, '/services');
    const messageId = await s.pendingAfter(ADMIN, from);
    await s.finalEdit(ADMIN, messageId);
    t.diagnostic(`worker fuzz: ${n} hand-made jobs (${completed.length} valid reads completed, ${n - completed.length} refused) + 20 outbox jobs, seed ${SEED + 1}`);
    await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
  });
});
