import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ApiAnswer } from './fake-telegram-api.js';
import { readParams } from './fake-telegram-body.js';
import { shownOfCall } from './fake-telegram-html.js';
import type { FakeCall, FakeMode, FakeTelegramOptions, Waiter } from './fake-telegram-types.js';

/**
 * The HTTP side of the fake Bot API: the server, its failure modes (down, hang, 429, 5xx,
 * 409 conflict), long polling with the queued updates, and the record of every call. The
 * methods themselves are answered by the subclass (`answer`).
 */
export abstract class FakeTelegramServer extends EventEmitter {
  readonly calls: FakeCall[] = [];
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  #port = 0;
  #mode: FakeMode = { kind: 'up' };
  #updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  #all = new Map<number, { update_id: number } & Record<string, unknown>>();
  #nextUpdateId = 100_000;
  #waiters = new Set<Waiter>();
  #hanging = new Set<ServerResponse>();
  #conflictNext = false;
  #failNext = new Map<string, Array<{ status: number; description: string; retryAfter?: number }>>();
  #limitedChats = new Map<number, number>();
  readonly botId: number;

  constructor(protected readonly opts: FakeTelegramOptions) {
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

  /** The id the next update will get (a callback query's id is made from it, as before). */
  protected get upcomingUpdateId(): number {
    return this.#nextUpdateId;
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




  // ---- reading what the bot did ------------------------------------------------------

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
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
    const call: FakeCall = { method, params, at: performance.now(), ...shownOfCall(params) };
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
    const result = this.answer(method, params);
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

  /** Answers one API method (getUpdates aside). */
  protected abstract answer(method: string, params: Record<string, unknown>): ApiAnswer;
}
