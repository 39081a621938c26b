import { Composer } from 'grammy';
import type { BotContext, BotDeps } from './context.js';
import { botTexts } from './texts.js';

export interface FloodOptions {
  /** Presses a user may make in a burst. Default 6. */
  burst?: number;
  /** Presses per second refilled. Default 2. */
  perSecond?: number;
}

/** A token bucket per user; the tokens refill continuously. */
export class FloodLimiter {
  readonly #buckets = new Map<number, { tokens: number; at: number; warned: boolean }>();
  readonly burst: number;
  readonly perSecond: number;
  constructor(opts: FloodOptions = {}) {
    this.burst = opts.burst ?? 6;
    this.perSecond = opts.perSecond ?? 2;
  }

  /** 'ok', 'warn' (first refusal of a burst: tell the user) or 'drop'. */
  take(userId: number, now: number): 'ok' | 'warn' | 'drop' {
    const b = this.#buckets.get(userId) ?? { tokens: this.burst, at: now, warned: false };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.#buckets.set(userId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.warned = false;
      return 'ok';
    }
    if (b.warned) return 'drop';
    b.warned = true;
    return 'warn';
  }
}

/** Per-user flood control on incoming presses, after the access gate. */
export function floodGate(deps: BotDeps, opts: FloodOptions = {}): Composer<BotContext> {
  const limiter = new FloodLimiter(opts);
  const log = deps.log.child({ module: 'bot:flood' });
  const gate = new Composer<BotContext>();
  gate.use(async (ctx, next) => {
    const verdict = limiter.take(ctx.potion.userId, deps.now());
    if (verdict === 'ok') return next();
    if (verdict === 'warn') {
      log.warn({ userId: ctx.potion.userId }, 'flood control: dropping presses');
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: botTexts.slowDown });
      else await ctx.reply(botTexts.slowDown);
    } else if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery();
    }
  });
  return gate;
}
