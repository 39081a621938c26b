import { toHtml } from '@potion/jobs';
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from './context.js';
import { botTexts } from './texts.js';

export interface FloodOptions {
  /** Presses a user may make in a burst. Default 6. */
  burst?: number;
  /** Presses per second refilled. Default 2. */
  perSecond?: number;
}

/**
 * A token bucket per user; the tokens refill continuously. A user who keeps pressing too
 * fast is told once per burst: the warning comes back only after the bucket has filled up
 * again (they paused), not each time one press slips through (issue 21, item 18).
 */
export class FloodLimiter {
  readonly #buckets = new Map<number, { tokens: number; at: number; warned: boolean }>();
  readonly burst: number;
  readonly perSecond: number;
  constructor(opts: FloodOptions = {}) {
    this.burst = opts.burst ?? 6;
    this.perSecond = opts.perSecond ?? 2;
  }

  /** 'ok', 'warn' (first refusal of a burst: tell the user) or 'drop'. `at` is when the user pressed (ms). */
  take(userId: number, at: number): 'ok' | 'warn' | 'drop' {
    const b = this.#buckets.get(userId) ?? { tokens: this.burst, at, warned: false };
    // Presses can arrive out of time order (a message's own time next to a button's arrival time).
    b.tokens = Math.min(this.burst, b.tokens + (Math.max(0, at - b.at) / 1000) * this.perSecond);
    b.at = Math.max(b.at, at);
    this.#buckets.set(userId, b);
    if (b.tokens >= this.burst) b.warned = false;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 'ok';
    }
    if (b.warned) return 'drop';
    b.warned = true;
    return 'warn';
  }
}

/**
 * When the user pressed: a typed message carries the time Telegram received it (seconds),
 * so presses made at an allowed pace while the bot could not poll (an outage) are not
 * taken for a flood when they arrive together. A button press carries no time of its own:
 * its arrival counts. Never later than now (clock skew).
 */
export function pressedAt(ctx: BotContext, now: number): number {
  const date = ctx.message?.date;
  return date === undefined ? now : Math.min(now, date * 1000);
}

/** Per-user flood control on incoming presses, after the access gate. */
export function floodGate(deps: BotDeps, opts: FloodOptions = {}): Composer<BotContext> {
  const limiter = new FloodLimiter(opts);
  const log = deps.log.child({ module: 'bot:flood' });
  const gate = new Composer<BotContext>();
  gate.use(async (ctx, next) => {
    const verdict = limiter.take(ctx.potion.userId, pressedAt(ctx, deps.now()));
    if (verdict === 'ok') return next();
    if (verdict === 'warn') {
      log.warn({ userId: ctx.potion.userId }, 'flood control: dropping presses');
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: botTexts.slowDown });
      else await ctx.reply(toHtml(botTexts.slowDown));
    } else if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery();
    }
  });
  return gate;
}
