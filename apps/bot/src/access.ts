import { plainText, roleOf, texts, toHtml } from '@potion/jobs';
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from './context.js';

/** A stranger is told their id at most once per this window (and audited as often). */
export const REFUSAL_WINDOW_MS = 10 * 60_000;
const MAX_TRACKED = 10_000;

/** Remembers when each user was last refused, bounded so a flood cannot grow it forever. */
export class RefusalLimiter {
  readonly #last = new Map<number, number>();
  constructor(private readonly windowMs = REFUSAL_WINDOW_MS) {}

  /** True when this user should be answered (and audited) now. */
  shouldAnswer(userId: number, now: number): boolean {
    const last = this.#last.get(userId);
    if (last !== undefined && now - last < this.windowMs) return false;
    if (this.#last.size >= MAX_TRACKED) this.#last.delete(this.#last.keys().next().value as number);
    this.#last.delete(userId);
    this.#last.set(userId, now);
    return true;
  }
}

/** What the user tried, for actions.log. */
export function describeUpdate(ctx: BotContext): string {
  if (ctx.callbackQuery) return `button:${plainText(ctx.callbackQuery.data ?? '', 64)}`;
  if (ctx.message?.text) return `text:${plainText(ctx.message.text, 64)}`;
  return 'update';
}

/**
 * The one place that keeps host detail out of groups: every update that is not from a
 * private chat (a group, a supergroup, a channel, a button under a message that is not in a
 * private chat) gets one short line saying where to ask instead, and goes no further: no
 * menu, no log tail, no confirmation there. A button press is answered as a pop-up (nothing
 * is posted in the group); a message at most once per chat per REFUSAL_WINDOW_MS.
 */
export function privateChatGate(deps: BotDeps): Composer<BotContext> {
  const limiter = new RefusalLimiter();
  const log = deps.log.child({ module: 'bot:private-only' });
  const gate = new Composer<BotContext>();
  gate.use(async (ctx, next) => {
    if (ctx.chat?.type === 'private') return next();
    const userId = ctx.from?.id;
    if (userId === undefined || ctx.from?.is_bot) return;
    const chatId = ctx.chat?.id ?? 0;
    // A pop-up posts nothing in the group, so every press gets one; messages are rate-limited.
    const answer = ctx.callbackQuery !== undefined || limiter.shouldAnswer(chatId, deps.now());
    if (answer) {
      log.info({ userId, chatId, chatType: ctx.chat?.type ?? 'none' }, 'refused an update outside a private chat');
      deps.audit.write({ requestId: `u${ctx.update.update_id}`, who: `tg:${userId}`, action: describeUpdate(ctx), outcome: 'refused', error: `not a private chat (${ctx.chat?.type ?? 'no chat'} ${chatId})` });
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: texts.privateOnly, show_alert: true });
    else if (answer && ctx.message && ctx.chat) await ctx.reply(toHtml(texts.privateOnly));
  });
  return gate;
}

/**
 * Tags every update with the sender's role and stops strangers: one polite refusal that
 * shows their numeric id (so they can put it in .env), rate-limited, audited.
 */
export function accessGate(deps: BotDeps): Composer<BotContext> {
  const limiter = new RefusalLimiter();
  const log = deps.log.child({ module: 'bot:access' });
  const gate = new Composer<BotContext>();
  gate.use(async (ctx, next) => {
    const userId = ctx.from?.id;
    // Only private chats reach here (privateChatGate). People only: an update whose sender
    // is a bot is never one of ours, whatever id it carries.
    if (userId === undefined || ctx.from?.is_bot || ctx.chat?.type !== 'private') return;
    const role = roleOf(deps.config, userId);
    ctx.potion = { userId, role };
    if (role !== 'stranger') return next();
    if (!limiter.shouldAnswer(userId, deps.now())) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      return;
    }
    log.warn({ userId, tried: describeUpdate(ctx) }, 'refused a stranger');
    deps.audit.write({ requestId: `u${ctx.update.update_id}`, who: `tg:${userId}`, action: describeUpdate(ctx), outcome: 'refused', error: 'not in ADMIN_IDS or VIEWER_IDS' });
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: texts.notAllowed(userId), show_alert: true });
    else await ctx.reply(toHtml(texts.notAllowed(userId)));
  });
  return gate;
}

/**
 * Refuses a viewer who opens something only an admin may use (a menu, a picker), audited.
 * Returns true when refused. Jobs need no such call: dispatch checks the registry's `access`.
 */
export async function refuseUnlessAdmin(ctx: BotContext, deps: BotDeps, action: string): Promise<boolean> {
  if (ctx.potion.role === 'admin') return false;
  await refuse(ctx, deps, action, 'admin');
  return true;
}

/** The refusal a user reads (their id, so they can ask to be added), audited. */
export async function refuse(ctx: BotContext, deps: BotDeps, action: string, needed: 'admin' | 'viewer'): Promise<void> {
  deps.audit.write({ requestId: `u${ctx.update.update_id}`, who: `tg:${ctx.potion.userId}`, action, outcome: 'refused', error: `role ${ctx.potion.role} is not ${needed}` });
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: texts.notAllowed(ctx.potion.userId), show_alert: true });
  else await ctx.reply(toHtml(texts.notAllowed(ctx.potion.userId)));
}
