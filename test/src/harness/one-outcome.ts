import assert from 'node:assert/strict';
import { keys, queueName, texts, BULLMQ_PREFIX } from '@potion/jobs';
import type { FakeCall, FakeTelegram } from '@potion/testkit';
import { parseTelegramHtml } from '@potion/testkit';
import type { Redis } from 'ioredis';
import { jsonLines } from './fault-harness.js';

/** The audit outcomes that end a request; `started` does not. */
export const FINAL_OUTCOMES: ReadonlySet<string> = new Set(['ok', 'failed', 'refused', 'interrupted']);

/**
 * Whether a text a pending message is edited to ends the request: the pending text and its
 * progress edits (which start with it) do not.
 */
export const isFinalEdit = (text: string): boolean => !text.startsWith(texts.PROCESSING);

/** Final outcome lines (ok, failed, refused, interrupted) of one request id in actions.log. */
export function finalAuditLines(actionsLog: string, requestId: string): Array<Record<string, unknown>> {
  return jsonLines(actionsLog).filter((l) => l.requestId === requestId && FINAL_OUTCOMES.has(String(l.outcome)));
}

/**
 * The bot's pending messages (sent with the pending text) in a chat and what became of each:
 * `finals` are the texts it was edited to that end the request (exactly one when told once).
 */
export function pendingMessages(fake: FakeTelegram, chatId: number): Array<{ messageId: number; finals: string[] }> {
  return fake
    .chat(chatId)
    .filter((m) => m.history[0] === texts.PROCESSING)
    .map((m) => ({ messageId: m.message_id, finals: m.history.slice(1).filter(isFinalEdit) }));
}

export interface OneOutcomeInput {
  /** Path of LOG_DIR/actions.log (fault-harness: `auditPath(s.config)`). */
  actionsLog: string;
  /** The fake Bot API of the test (every call the bot made). */
  fakeApi: FakeTelegram;
  /** Any connection to the test's Redis (fault-harness: `s.conn`): where a request's chat is read from its job. */
  redis: Redis;
}

interface Where {
  chatId: number;
  /** The pending message: the job's `messageId`, or the message the bot sent for its `pendingJob`. */
  messageId?: number;
  /** When the request's job was created (epoch ms): nothing before it can be its final message. */
  createdAt: number;
}

interface Told {
  text: string;
  editMessageId?: number;
}

function parse(raw: string | null): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    // A hand-made job whose data is not JSON: it has no chat.
    return undefined;
  }
}

/** Every job hash under the project's prefix with its parsed data (the outbox's and the host queues'). */
async function jobsByRequest(redis: Redis): Promise<{ chats: Map<string, Where>; results: Map<string, Told[]>; sentBy: Map<number, string> }> {
  const chats = new Map<string, Where>();
  const results = new Map<string, Told[]>();
  /** Telegram message id -> the request of the outbox job the bot recorded as sent in it. */
  const sentBy = new Map<number, string>();
  // `potion:<queue>:<job id>`: the queue is the part after the prefix (an outbox is `notify@<host>`).
  const jobIdOf = (key: string) => key.slice(keys.bullmq(key.split(':')[1] ?? '', '').length);
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keys.bullmq('*', '*'), 'COUNT', 500, 'TYPE', 'hash');
    cursor = next;
    for (const key of found) {
      const [name, raw, timestamp] = await redis.hmget(key, 'name', 'data', 'timestamp');
      const data = parse(raw ?? null);
      const meta = data?.meta as { requestId?: string; chatId?: number; messageId?: number; pendingJob?: string } | undefined;
      const payload = data?.payload as { text?: string; kind?: string; editMessageId?: number } | undefined;
      if (!meta?.requestId) continue;
      if (name === 'notify.send') {
        // Whose message each outbox send was (a pending message, a result, an alert).
        const first = await redis.hget(keys.sent(jobIdOf(key)), '0');
        if (first && /^\d+$/.test(first)) sentBy.set(Number(first), meta.requestId);
        // What the worker told about a request (its result or the interrupted notice), not progress or alerts.
        if (payload?.kind !== 'result' || typeof payload.text !== 'string') continue;
        const list = results.get(meta.requestId) ?? [];
        // The outbox carries markup; the chat shows it parsed (what the fake records per call).
        const parsed = parseTelegramHtml(payload.text);
        list.push({ text: parsed.ok ? parsed.text : payload.text, ...(payload.editMessageId !== undefined ? { editMessageId: payload.editMessageId } : {}) });
        results.set(meta.requestId, list);
      } else if (meta.chatId !== undefined) {
        // The bot queues the pending message beside the job: its id is where the outbox sent it.
        let messageId = meta.messageId;
        if (messageId === undefined && meta.pendingJob !== undefined) {
          const sent = await redis.hget(keys.sent(meta.pendingJob), '0');
          if (sent && /^\d+$/.test(sent)) messageId = Number(sent);
        }
        chats.set(meta.requestId, { chatId: meta.chatId, createdAt: Number(timestamp), ...(messageId !== undefined ? { messageId } : {}) });
      }
    }
  } while (cursor !== '0');
  return { chats, results, sentBy };
}

const ok = (c: FakeCall) => c.status === 200;
/** The fake's clock (performance) against the job's (Date.now in another process): both the wall clock, read apart. */
const CLOCK_SLACK_MS = 20;

/**
 * Final chat messages of one request: edits of its pending message after it showed the
 * pending text (progress edits start with the pending text and do not count), and new
 * messages to its chat carrying the text (or first part) of one of its result messages.
 */
function finalMessages(calls: readonly FakeCall[], requestId: string, where: Where, told: readonly Told[], sentBy: ReadonlyMap<number, string>): FakeCall[] {
  const out: FakeCall[] = [];
  let pendingShown = where.messageId === undefined;
  for (const c of calls) {
    if (!ok(c) || c.params.chat_id !== where.chatId) continue;
    const text = String(c.text ?? '');
    if (where.messageId !== undefined && (c.method === 'sendMessage' || c.method === 'editMessageText')) {
      const id = c.method === 'editMessageText' ? Number(c.params.message_id) : (c.result as { message_id?: number } | undefined)?.message_id;
      if (id === where.messageId) {
        if (!isFinalEdit(text)) pendingShown = true;
        else if (pendingShown && c.method === 'editMessageText') out.push(c);
        continue;
      }
    }
    // A result sent as a new message (no pending message, or it could no longer be edited),
    // after the request's job was created, unless the bot recorded that message as another
    // request's (two results, or a result and a direct reply, may read alike).
    if (c.method !== 'sendMessage' || text.length === 0 || !told.some((t) => t.text === text || t.text.startsWith(text))) continue;
    if (performance.timeOrigin + c.at < where.createdAt - CLOCK_SLACK_MS) continue;
    const owner = sentBy.get(Number((c.result as { message_id?: number } | undefined)?.message_id));
    if (owner === undefined || owner === requestId) out.push(c);
  }
  return out;
}

/**
 * The promise of issue 21, checked at the end of a fault test: for every request id in
 * actions.log, exactly one final outcome line (ok, failed, refused or interrupted; `started`
 * is not final), and, when the request came from a chat (its job's meta has a chatId),
 * exactly one final message in that chat (the final edit of its pending message, or the
 * result sent as a new message). Call it once everything the test started has settled.
 * Returns how many requests it checked, and how many of them had a chat; a request refused
 * by the bot before any job existed has no job to name its chat, so only its line is checked.
 *
 *     await expectOneOutcomePerRequest({ actionsLog: auditPath(s.config), fakeApi: s.fake, redis: s.conn });
 */
export async function expectOneOutcomePerRequest(input: OneOutcomeInput): Promise<{ requests: number; fromChats: number }> {
  const finals = new Map<string, string[]>();
  for (const l of jsonLines(input.actionsLog)) {
    if (typeof l.requestId !== 'string' || !l.requestId) continue;
    const list = finals.get(l.requestId) ?? [];
    if (FINAL_OUTCOMES.has(String(l.outcome))) list.push(`${String(l.action)}:${String(l.outcome)}`);
    finals.set(l.requestId, list);
  }
  const problems: string[] = [];
  for (const [requestId, list] of finals) {
    if (list.length !== 1) problems.push(`request ${requestId}: ${list.length} final outcome lines in actions.log (${list.join(', ') || 'only started'})`);
  }
  const { chats, results, sentBy } = await jobsByRequest(input.redis);
  let fromChats = 0;
  for (const requestId of finals.keys()) {
    const where = chats.get(requestId);
    if (!where) continue;
    fromChats += 1;
    const got = finalMessages(input.fakeApi.calls, requestId, where, results.get(requestId) ?? [], sentBy);
    if (got.length !== 1) {
      problems.push(
        `request ${requestId}: ${got.length} final chat messages in chat ${where.chatId}${where.messageId !== undefined ? ` (pending message ${where.messageId})` : ''}` +
          (got.length ? `: ${got.map((c) => JSON.stringify(String(c.text).slice(0, 80))).join(' | ')}` : ''),
      );
    }
  }
  assert.deepEqual(problems, [], 'one outcome per request, recorded once and told once');
  return { requests: finals.size, fromChats };
}
