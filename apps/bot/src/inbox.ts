import { keys } from '@potion/jobs';
import { type Logger } from '@potion/platform';
import { BotError, type Bot, type Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { BotContext } from './context.js';

/** Longer than Telegram keeps updates (24 h); normally the inbox is empty within seconds. */
const INBOX_TTL_SEC = 48 * 3600;
const storedUpdate = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * Updates are handled concurrently (@grammyjs/runner), so the runner confirms a batch to
 * Telegram (the next getUpdates offset) before all of it is handled: a bot killed then
 * would lose those presses, as Telegram does not deliver them again. So each batch is
 * written to a Redis hash before the runner sees it, each update removed once handled,
 * and a starting bot first handles what a dead one left (the update claims of dedupeGate
 * say which were finished). See docs/decisions/018.
 */
export class UpdateInbox {
  readonly #log: Logger;
  constructor(private readonly redis: Redis, log: Logger) {
    this.#log = log.child({ module: 'bot:inbox' });
  }

  /** The record of the last batch, until Redis has answered (see recorder). */
  #recording: Promise<unknown> = Promise.resolve();

  /**
   * An API transformer that records every batch getUpdates returns. The batch goes to the
   * handlers at once, while Redis writes it: what matters is that it is recorded before
   * Telegram forgets it, which happens when the next getUpdates confirms the batch (its
   * offset), so that call waits for the record. The handlers' own Redis commands go out on
   * the same connection after the record, so Redis applies the record first.
   */
  recorder(): Transformer {
    return async (prev, method, payload, signal) => {
      if (method !== 'getUpdates') return prev(method, payload, signal);
      await this.#recording;
      const res = await prev(method, payload, signal);
      if (!res.ok) return res;
      const updates = res.result as unknown as Update[];
      if (updates.length === 0) return res;
      const fields = updates.flatMap((u) => [String(u.update_id), JSON.stringify(u)]);
      this.#recording = this.redis
        .multi()
        .hset(keys.botInbox, ...fields)
        .expire(keys.botInbox, INBOX_TTL_SEC)
        .exec()
        .catch((err: unknown) => this.#log.warn({ err }, 'cannot record the updates in Redis; a bot killed now would lose them'));
      return res;
    };
  }

  /** The update is handled (or refused): forget it. */
  async done(updateId: number): Promise<void> {
    await this.redis.hdel(keys.botInbox, String(updateId)).catch((err: unknown) => this.#log.warn({ err, updateId }, 'cannot clear a handled update from the inbox'));
  }

  /** Handles, oldest first, the updates a previous bot took from Telegram and did not finish. */
  async replay(bot: Bot<BotContext>): Promise<void> {
    let left: Record<string, string>;
    try {
      left = await this.redis.hgetall(keys.botInbox);
    } catch (err) {
      this.#log.warn({ err }, 'cannot read the inbox of a previous bot');
      return;
    }
    const updates: Update[] = [];
    for (const [id, json] of Object.entries(left)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        parsed = undefined;
      }
      const ok = storedUpdate.safeParse(parsed);
      if (ok.success && String(ok.data.update_id) === id) updates.push(ok.data as unknown as Update);
      else {
        this.#log.warn({ updateId: id }, 'dropping an unreadable update from the inbox');
        await this.done(Number(id));
      }
    }
    if (updates.length === 0) return;
    updates.sort((a, b) => a.update_id - b.update_id);
    this.#log.warn({ count: updates.length }, 'handling updates a previous bot took from Telegram but did not finish');
    for (const u of updates) {
      try {
        await bot.handleUpdate(u);
      } catch (err) {
        if (err instanceof BotError) await bot.errorHandler(err);
        else this.#log.error({ err, updateId: u.update_id }, 'could not handle an update from the inbox');
      }
    }
  }
}
