import { toHtml } from '@potion/jobs';
import type { JobName } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { cb, parseNetData, type NetAction } from '../callback-data.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';

const NET_JOB = { ip: 'net.info', ping: 'net.ping', ts: 'net.tailscale', speed: 'net.speed' } as const satisfies Record<NetAction, JobName>;

function networkKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('🌐 IP info', cb.net('ip')).text('📡 Ping 1.1.1.1', cb.net('ping')).row()
    .text('🛡️ Tailscale status', cb.net('ts')).text('🚀 Speed quick', cb.net('speed'));
}

/** 🌐 Network: IP info, ping, Tailscale status, a quick speed test. Viewers may look. */
export function networkMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.hears(MENU.network, (ctx) => ctx.reply(toHtml(botTexts.pickNetwork), { reply_markup: networkKeyboard() }));
  c.callbackQuery(/^net:/, async (ctx) => {
    const act = parseNetData(ctx.callbackQuery.data);
    if (!act) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, NET_JOB[act], {});
  });
  return c;
}
