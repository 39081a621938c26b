import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One API call the bot made, as the fake server received it. */
export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  /** performance.now() when the request body was read. */
  at: number;
  /** What the server answered (undefined while hanging or when the socket was cut). */
  status?: number;
  /** The `result` of a successful answer (the sent Message, true, ...). */
  result?: unknown;
}

export interface FakeMessage {
  message_id: number;
  chatId: number;
  text: string;
  reply_markup?: unknown;
  /** Every text this message had, oldest first (sent, then each edit). */
  history: string[];
  document?: { file_name: string; content: string };
  /** A photo the bot sent (sendPhoto), with its exact bytes. */
  photo?: { file_name: string; bytes: Buffer };
}

/** How the server answers right now. */
export type FakeMode =
  | { kind: 'up' }
  /** The port is closed: connection refused. */
  | { kind: 'down' }
  /** Requests are read and never answered (except the methods listed, e.g. getUpdates). */
  | { kind: 'hang'; except?: readonly string[] }
  | { kind: 'error'; status: 429 | 500 | 502; retryAfter?: number };

export interface FakeTelegramOptions {
  /** The token the bot must use; other tokens get 401. */
  token: string;
  /** Fixed port (default: a free one). */
  port?: number;
}

interface Waiter {
  offset: number;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

const BOT_USER = { id: 0, is_bot: true, first_name: 'Potion', username: 'potion_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

/**
 * A lenient multipart/form-data parser (grammY writes `name=x` without quotes and no
 * spaces, which undici's strict FormData parser rejects).
 */
function parseMultipart(body: Buffer, boundary: string): Array<{ name: string; filename?: string; data: Buffer }> {
  const out: Array<{ name: string; filename?: string; data: Buffer }> = [];
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const sep = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, sep).toString('utf8');
    const name = /name="?([^";\r\n]+)"?/i.exec(head)?.[1];
    const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (name) out.push({ name, ...(filename !== undefined ? { filename } : {}), data: part.subarray(sep + 4) });
    pos = next;
  }
  return out;
}

/** Reads a request body: JSON, urlencoded or multipart (sendDocument). */
async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const url = new URL(req.url ?? '/', 'http://fake');
  const out: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (body.length === 0) return out;
  if (type.includes('application/json')) return { ...out, ...(JSON.parse(body.toString('utf8')) as Record<string, unknown>) };
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
    if (!boundary) throw new Error('multipart body without a boundary');
    const files = new Map<string, { file_name: string; content: string; bytes: Buffer }>();
    for (const part of parseMultipart(body, boundary)) {
      if (part.filename !== undefined) files.set(part.name, { file_name: part.filename, content: part.data.toString('utf8'), bytes: Buffer.from(part.data) });
      else {
        const v = part.data.toString('utf8');
        try {
          out[part.name] = JSON.parse(v);
        } catch {
          out[part.name] = v;
        }
      }
    }
    // Files are referenced as "attach://<part name>", like the real Bot API expects.
    for (const [k, v] of Object.entries(out)) {
      if (typeof v === 'string' && v.startsWith('attach://')) out[k] = files.get(v.slice('attach://'.length));
    }
    return out;
  }
  if (type.includes('application/x-www-form-urlencoded')) return { ...out, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  return out;
}

/**
 * A small fake Telegram Bot API server for tests and benchmarks: enough of getMe,
 * getUpdates (long polling), sendMessage, editMessageText, answerCallbackQuery,
 * sendDocument, sendPhoto, setMyCommands, deleteMessage and deleteWebhook for a real grammY bot.
 * It records every call, keeps the chats' messages, lets a test press buttons or type
 * as a user, and fails on demand (down, hang, 429, 5xx, 409 conflict).
 */
export class FakeTelegram extends EventEmitter {
  readonly calls: FakeCall[] = [];
  readonly messages = new Map<number, FakeMessage>();
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  #port = 0;
  #mode: FakeMode = { kind: 'up' };
  #updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  #all = new Map<number, { update_id: number } & Record<string, unknown>>();
  #nextUpdateId = 100_000;
  #nextMessageId = 1;
  #waiters = new Set<Waiter>();
  #hanging = new Set<ServerResponse>();
  #conflictNext = false;
  #failNext = new Map<string, Array<{ status: number; description: string; retryAfter?: number }>>();
  #limitedChats = new Map<number, number>();
  readonly botId: number;

  constructor(private readonly opts: FakeTelegramOptions) {
    super();
    this.botId = Number(opts.token.split(':')[0]);
  }

  /** The value for TELEGRAM_API_ROOT. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<string> {
    await this.#listen(this.opts.port ?? 0);
    return this.apiRoot;
  }

  async #listen(port: number): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    if (addr && typeof addr === 'object') this.#port = addr.port;
    this.#server = server;
  }

  async #close(): Promise<void> {
    for (const w of this.#waiters) clearTimeout(w.timer);
    this.#waiters.clear();
    this.#hanging.clear();
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /**
   * Changes how the server answers; `down` closes the port, `up` opens it again. Leaving
   * `hang` cuts the hanging requests, unless `keepHanging` (then `dropHanging` cuts them
   * later: a request sent during an outage that fails only after Telegram is back).
   */
  async setMode(mode: FakeMode, opts: { keepHanging?: boolean } = {}): Promise<void> {
    const wasDown = this.#mode.kind === 'down';
    this.#mode = mode;
    if (mode.kind === 'down' && !wasDown) await this.#close();
    else if (mode.kind !== 'down' && wasDown) await this.#listen(this.#port);
    if (mode.kind !== 'hang' && !opts.keepHanging) this.dropHanging();
    // A long poll already waiting returns empty, so the bot's next poll meets the hang.
    if (mode.kind === 'hang' && !mode.except?.includes('getUpdates')) for (const w of [...this.#waiters]) this.#flushWaiter(w, true);
  }

  /** Cuts the requests left hanging (the client sees a network error). */
  dropHanging(): void {
    for (const res of this.#hanging) res.destroy();
    this.#hanging.clear();
  }

  /** Number of requests hanging right now. */
  get hangingCount(): number {
    return this.#hanging.size;
  }

  /**
   * Rate-limits one chat like Telegram does: every call addressed to it (chat_id) answers
   * 429 with this retry_after until `unlimitChat`. Other chats are served normally.
   */
  limitChat(chatId: number, retryAfter: number): void {
    this.#limitedChats.set(chatId, retryAfter);
  }

  unlimitChat(chatId: number): void {
    this.#limitedChats.delete(chatId);
  }

  /** The next getUpdates answers 409 Conflict (as when a second instance polls). */
  conflictOnNextPoll(): void {
    this.#conflictNext = true;
    for (const w of [...this.#waiters]) this.#flushWaiter(w);
  }

  /** The next `times` calls of `method` fail with this status. */
  failNext(method: string, status: number, description: string, times = 1, retryAfter?: number): void {
    const list = this.#failNext.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push({ status, description, ...(retryAfter !== undefined ? { retryAfter } : {}) });
    this.#failNext.set(method, list);
  }

  async stop(): Promise<void> {
    this.#mode = { kind: 'down' };
    await this.#close();
  }

  // ---- the user's side -------------------------------------------------------------

  /**
   * Queues raw updates, delivered in one batch when the bot polls. Passing the same
   * update twice simulates Telegram redelivering it (as after a restart before the
   * offset was confirmed). Returns the update ids.
   */
  injectMany(updates: ReadonlyArray<{ update_id?: number } & Record<string, unknown>>): number[] {
    const ids = updates.map((u) => {
      const update_id = u.update_id ?? this.#nextUpdateId++;
      this.#updates.push({ ...u, update_id });
      this.#all.set(update_id, { ...u, update_id });
      return update_id;
    });
    for (const w of [...this.#waiters]) this.#flushWaiter(w);
    return ids;
  }

  /** Reserves the next update id (to inject one update twice with injectMany). */
  allocUpdateId(): number {
    return this.#nextUpdateId++;
  }

  inject(update: { update_id?: number } & Record<string, unknown>): number {
    return this.injectMany([update])[0]!;
  }

  /** A copy of an update injected earlier (to deliver it again with injectMany). */
  update(updateId: number): ({ update_id: number } & Record<string, unknown>) | undefined {
    return this.#all.get(updateId);
  }

  /**
   * Builds (without queueing) the update of a user typing or pressing a reply-keyboard
   * button; `dateMs` is when the user sent it (default now; Telegram keeps seconds).
   */
  typedUpdate(userId: number, text: string, dateMs = Date.now()): Record<string, unknown> {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
    return {
      message: {
        message_id: this.#nextMessageId++,
        from: { id: userId, is_bot: false, first_name: `User${userId}`, language_code: 'id' },
        chat: { id: userId, type: 'private', first_name: `User${userId}` },
        date: Math.floor(dateMs / 1000),
        text,
        ...(entities ? { entities } : {}),
      },
    };
  }

  /** The user types (or presses a reply-keyboard button, which sends its label as text). */
  type(userId: number, text: string): number {
    return this.inject(this.typedUpdate(userId, text));
  }

  /** The user presses an inline button with this callback data under a message of the bot. */
  press(userId: number, messageId: number, data: string): number {
    const m = this.messages.get(messageId);
    return this.inject({
      callback_query: {
        id: `cb${this.#nextUpdateId}`,
        from: { id: userId, is_bot: false, first_name: `User${userId}` },
        chat_instance: `ci${userId}`,
        data,
        message: {
          message_id: messageId,
          from: { ...BOT_USER, id: this.botId },
          chat: { id: m?.chatId ?? userId, type: 'private' },
          date: Math.floor(Date.now() / 1000),
          text: m?.text ?? '',
          ...(m?.reply_markup ? { reply_markup: m.reply_markup } : {}),
        },
      },
    });
  }

  // ---- reading what the bot did ------------------------------------------------------

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages of one chat, in the order they were sent. */
  chat(chatId: number): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId);
  }

  /** Inline button callback data of a message, flattened. */
  buttons(messageId: number): Array<{ text: string; data: string }> {
    const markup = this.messages.get(messageId)?.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
    return (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data ?? '' }));
  }

  /** Resolves with the first recorded call (past or future) that matches. */
  waitForCall(match: (c: FakeCall) => boolean, timeoutMs = 10_000, what = 'a matching call'): Promise<FakeCall> {
    const found = this.calls.find((c) => match(c));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('call', on);
        reject(new Error(`fake Telegram: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const on = (c: FakeCall) => {
        if (!match(c)) return;
        clearTimeout(timer);
        this.off('call', on);
        resolve(c);
      };
      this.on('call', on);
    });
  }

  // ---- the API -----------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)/.exec(req.url ?? '');
    let params: Record<string, unknown> = {};
    try {
      params = await readParams(req);
    } catch {
      return this.#reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: cannot parse the body' });
    }
    const method = m?.[2] ?? '(none)';
    const call: FakeCall = { method, params, at: performance.now() };
    this.calls.push(call);
    const send = (status: number, body: unknown) => {
      call.status = status;
      if (body && typeof body === 'object' && 'result' in body) call.result = (body as { result: unknown }).result;
      this.#reply(res, status, body);
      this.emit('call', call);
    };
    if (!m) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.opts.token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (this.#mode.kind === 'hang' && !this.#mode.except?.includes(method)) {
      this.#hanging.add(res);
      this.emit('call', call);
      return;
    }
    if (this.#mode.kind === 'error') {
      const { status, retryAfter } = this.#mode;
      const description = status === 429 ? `Too Many Requests: retry after ${retryAfter ?? 1}` : status === 502 ? 'Bad Gateway' : 'Internal Server Error';
      return send(status, { ok: false, error_code: status, description, ...(status === 429 ? { parameters: { retry_after: retryAfter ?? 1 } } : {}) });
    }
    const limited = this.#limitedChats.get(Number(params.chat_id));
    if (limited !== undefined) {
      return send(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${limited}`, parameters: { retry_after: limited } });
    }
    const failure = this.#failNext.get(method)?.shift();
    if (failure) {
      return send(failure.status, {
        ok: false,
        error_code: failure.status,
        description: failure.description,
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
    }
    if (method === 'getUpdates') return this.#getUpdates(params, res, call);
    const result = this.#api(method, params);
    if ('error' in result) return send(result.error, { ok: false, error_code: result.error, description: result.description });
    send(200, { ok: true, result: result.ok });
  }

  #reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  #getUpdates(params: Record<string, unknown>, res: ServerResponse, call: FakeCall): void {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Number(params.limit ?? 100)) || 100;
    const timeoutS = Number(params.timeout ?? 0);
    if (offset > 0) this.#updates = this.#updates.filter((u) => u.update_id >= offset);
    const waiter: Waiter = {
      offset,
      limit,
      res,
      timer: setTimeout(() => this.#flushWaiter(waiter, true), Math.max(0, timeoutS) * 1000),
    };
    // A newer poll ends an older one, like Telegram (the older gets 409).
    for (const w of [...this.#waiters]) {
      clearTimeout(w.timer);
      this.#waiters.delete(w);
      this.#reply(w.res, 409, { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request' });
    }
    this.#waiters.add(waiter);
    res.on('close', () => {
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
    });
    this.emit('call', call);
    this.#flushWaiter(waiter, timeoutS === 0);
  }

  #flushWaiter(w: Waiter, force = false): void {
    if (!this.#waiters.has(w)) return;
    if (this.#conflictNext) {
      this.#conflictNext = false;
      clearTimeout(w.timer);
      this.#waiters.delete(w);
      this.#reply(w.res, 409, { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
      return;
    }
    const ready = this.#updates.filter((u) => u.update_id >= w.offset).slice(0, w.limit);
    if (ready.length === 0 && !force) return;
    clearTimeout(w.timer);
    this.#waiters.delete(w);
    this.#reply(w.res, 200, { ok: true, result: ready });
    // Handed-out updates are forgotten at once (Telegram keeps them until a later offset
    // confirms them; grammY always confirms). Redelivery is simulated with injectMany.
    this.#updates = this.#updates.filter((u) => !ready.includes(u));
  }

  #api(method: string, p: Record<string, unknown>): { ok: unknown } | { error: number; description: string } {
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case 'getMe':
        return { ok: { ...BOT_USER, id: this.botId } };
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return { ok: true };
      case 'deleteMessage': {
        const id = Number(p.message_id);
        if (!this.messages.delete(id)) return { error: 400, description: 'Bad Request: message to delete not found' };
        return { ok: true };
      }
      case 'sendPhoto': {
        const chatId = Number(p.chat_id);
        const photo = p.photo as { file_name: string; bytes: Buffer } | undefined;
        if (!photo || typeof photo !== 'object' || !Buffer.isBuffer(photo.bytes)) return { error: 400, description: 'Bad Request: there is no photo in the request' };
        const caption = String(p.caption ?? '');
        const msg: FakeMessage = { message_id: this.#nextMessageId++, chatId, text: caption, history: [caption], photo: { file_name: photo.file_name, bytes: photo.bytes } };
        this.messages.set(msg.message_id, msg);
        return {
          ok: {
            message_id: msg.message_id,
            from: { ...BOT_USER, id: this.botId },
            chat: { id: chatId, type: 'private' },
            date,
            photo: [{ file_id: `p${msg.message_id}`, file_unique_id: `q${msg.message_id}`, width: 320, height: 260, file_size: photo.bytes.length }],
            ...(caption ? { caption } : {}),
          },
        };
      }
      case 'sendMessage':
      case 'sendDocument': {
        const chatId = Number(p.chat_id);
        const text = method === 'sendMessage' ? String(p.text ?? '') : String(p.caption ?? '');
        if (method === 'sendMessage' && (text.length === 0 || text.length > 4096)) {
          return { error: 400, description: text.length ? 'Bad Request: message is too long' : 'Bad Request: message text is empty' };
        }
        const doc = method === 'sendDocument' ? (p.document as { file_name: string; content: string } | undefined) : undefined;
        if (method === 'sendDocument' && (!doc || typeof doc !== 'object')) return { error: 400, description: 'Bad Request: there is no document in the request' };
        const msg: FakeMessage = { message_id: this.#nextMessageId++, chatId, text, history: [text], ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}), ...(doc ? { document: doc } : {}) };
        this.messages.set(msg.message_id, msg);
        return {
          ok: {
            message_id: msg.message_id,
            from: { ...BOT_USER, id: this.botId },
            chat: { id: chatId, type: 'private' },
            date,
            ...(doc ? { document: { file_id: `f${msg.message_id}`, file_unique_id: `u${msg.message_id}`, file_name: doc.file_name, file_size: doc.content.length }, caption: text || undefined } : { text }),
            ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
          },
        };
      }
      case 'editMessageText': {
        const id = Number(p.message_id);
        const msg = this.messages.get(id);
        const text = String(p.text ?? '');
        if (!msg || msg.chatId !== Number(p.chat_id)) return { error: 400, description: 'Bad Request: message to edit not found' };
        if (text.length === 0 || text.length > 4096) return { error: 400, description: 'Bad Request: MESSAGE_TOO_LONG' };
        if (msg.text === text && JSON.stringify(msg.reply_markup ?? null) === JSON.stringify(p.reply_markup ?? null)) {
          return { error: 400, description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message' };
        }
        msg.text = text;
        msg.history.push(text);
        if (p.reply_markup) msg.reply_markup = p.reply_markup;
        else delete msg.reply_markup;
        return { ok: { message_id: id, from: { ...BOT_USER, id: this.botId }, chat: { id: msg.chatId, type: 'private' }, date, edit_date: date, text } };
      }
      default:
        return { error: 404, description: 'Not Found: method not found' };
    }
  }
}

/** A token the config accepts (digits, colon, 35 characters). */
export const FAKE_BOT_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijkl';

export async function startFakeTelegram(opts: Partial<FakeTelegramOptions> = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegram({ token: opts.token ?? FAKE_BOT_TOKEN, ...(opts.port !== undefined ? { port: opts.port } : {}) });
  await fake.start();
  return fake;
}
