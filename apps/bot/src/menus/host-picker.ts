import { buttons, keys, toHtml, type HostMenu } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { hostNameIfMany, hostOf, knownHosts, rememberChoice, rememberMessageHost, type KnownHost } from '../hosts.js';
import { botTexts } from '../texts.js';

const ADMIN_MENUS: ReadonlySet<HostMenu> = new Set(['ctl', 'upd']);

/** The host a menu is opened for; `name` only when more than one host is known (then the menu shows 🖥️ <name> · ganti). */
export interface HostTarget {
  id: string;
  name?: string;
  /** Edit the message under the pressed button instead of sending a new one. */
  edit: boolean;
}

/** Shows a menu for a host; returns the id of the message it sent or edited (recorded as that host's). */
export type MenuOpener = (ctx: BotContext, target: HostTarget) => Promise<number | undefined>;

/** Adds the `🖥️ <host> · ganti` row of a menu opened for one of several hosts. */
export function withHostRow(kb: InlineKeyboard, target: Pick<HostTarget, 'name'>, menu: HostMenu): InlineKeyboard {
  return target.name === undefined ? kb : kb.row().text(botTexts.hostRow(target.name), buttons.host.build({ menu }));
}

function pickerKeyboard(hosts: readonly KnownHost[], menu: HostMenu): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const h of hosts) kb.text(`🖥️ ${h.name}`, buttons.host.build({ menu, hostId: h.id })).row();
  return kb;
}

async function open(ctx: BotContext, deps: BotDeps, opener: MenuOpener, target: HostTarget): Promise<void> {
  const messageId = await opener(ctx, target);
  // With one host nothing is recorded: every press acts on the bot's own host, as before.
  if (target.name !== undefined && messageId !== undefined && ctx.chat) await rememberMessageHost(deps, ctx.chat.id, messageId, target.id);
}

/**
 * Opens a menu from the main keyboard: with one known host as always; with more, on the host
 * the chat picked last, or first asks which host (a button per host).
 */
export async function enterMenu(ctx: BotContext, deps: BotDeps, menu: HostMenu, opener: MenuOpener): Promise<void> {
  const hosts = await knownHosts(deps);
  if (hosts.length < 2 || ctx.chat === undefined) return open(ctx, deps, opener, { id: deps.config.hostId, edit: false });
  const picked = await deps.redis.get(keys.chatHost(ctx.chat.id));
  const host = hosts.find((h) => h.id === picked);
  if (host) return open(ctx, deps, opener, { id: host.id, name: host.name, edit: false });
  await ctx.reply(toHtml(botTexts.pickHost), { reply_markup: pickerKeyboard(hosts, menu) });
}

/**
 * The host buttons (buttons.host): `hp:<menu>` shows the picker again (· ganti), `hp:<menu>:<id>`
 * remembers the host for the chat and opens the menu for it. Under a message of another host's
 * outbox a host button may name only that host: a host cannot send the user to another one.
 */
export function hostPickerMenu(deps: BotDeps, openers: Partial<Record<HostMenu, MenuOpener>>): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const log = deps.log.child({ module: 'bot:hosts' });
  c.callbackQuery(buttons.host.pattern, async (ctx) => {
    const b = buttons.host.parse(ctx.callbackQuery.data);
    const opener = b ? openers[b.menu] : undefined;
    const chatId = ctx.chat?.id;
    if (!b || !opener || chatId === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    // 🧰 Kontrol and 🔄 Update are for admins, as their menu buttons are.
    if (ADMIN_MENUS.has(b.menu) && (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery.data}`))) return;
    const hosts = await knownHosts(deps);
    const messageId = ctx.callbackQuery.message?.message_id;
    const owner = messageId !== undefined ? await deps.redis.get(keys.messageHost(chatId, messageId)) : null;
    if (b.hostId !== undefined && owner !== null && owner !== deps.config.hostId && owner !== b.hostId) {
      log.warn({ owner, claimed: b.hostId, chatId }, 'ignored a host button that names another host than the outbox it came from');
      return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton, show_alert: true }));
    }
    if (b.hostId === undefined) {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(toHtml(botTexts.pickHost), { reply_markup: pickerKeyboard(hosts, b.menu) });
      // The message now holds only the bot's own picker: it belongs to no host any more, so
      // `· ganti` under a menu opened for pi can switch to another host (an outbox that edits
      // it again owns it again).
      if (messageId !== undefined) await deps.redis.del(keys.messageHost(chatId, messageId));
      return;
    }
    const host = hosts.find((h) => h.id === b.hostId);
    if (!host) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await rememberChoice(deps, chatId, host.id);
    // The menu's own handler answers the press when it dispatches a job; a shown menu answers here.
    await open(ctx, deps, opener, { id: host.id, ...(hosts.length > 1 ? { name: host.name } : {}), edit: true });
  });
  return c;
}

/** A menu that is one message with a keyboard (🌐 Network, 🔄 Update, 📜 Logs, 💾 Backup), with 🖥️ <host> · ganti under it when several hosts are known. */
export function simpleOpener(menu: HostMenu, text: () => string, keyboard: () => InlineKeyboard): MenuOpener {
  return async (ctx, target) => {
    const markup = { reply_markup: withHostRow(keyboard(), target, menu) };
    if (!target.edit) return (await ctx.reply(toHtml(text()), markup)).message_id;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(toHtml(text()), markup);
    return ctx.callbackQuery?.message?.message_id;
  };
}

/** Shows a menu again under the pressed button (« Kembali), for the host that message belongs to. */
export async function reopen(ctx: BotContext, deps: BotDeps, opener: MenuOpener): Promise<void> {
  const id = await hostOf(ctx, deps);
  const name = await hostNameIfMany(deps, id);
  await opener(ctx, { id, ...(name !== undefined ? { name } : {}), edit: true });
}
