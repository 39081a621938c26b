import { buttons, type JobName, type NetAction } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';
import { enterMenu, simpleOpener, type MenuOpener } from './host-picker.js';

const NET_JOB = { ip: 'net.info', ping: 'net.ping', ts: 'net.tailscale', speed: 'net.speed' } as const satisfies Record<NetAction, JobName>;

/** The ping button names what net.ping pings (PING_TARGET), as the PRD's "Ping 1.1.1.1" does by default. */
function networkKeyboard(pingTarget: string): InlineKeyboard {
  return new InlineKeyboard()
    .text('🌐 IP info', buttons.net.build('ip')).text(`📡 Ping ${pingTarget}`, buttons.net.build('ping')).row()
    .text('🛡️ Tailscale status', buttons.net.build('ts')).text('🚀 Speed quick', buttons.net.build('speed'));
}

/** 🌐 Network for one host (host-picker.ts). */
export const openNetwork = (deps: BotDeps): MenuOpener => simpleOpener('net', () => botTexts.pickNetwork, () => networkKeyboard(deps.config.pingTarget));

/** 🌐 Network: IP info, ping, Tailscale status, a quick speed test. Viewers may look. */
export function networkMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.hears(MENU.network, (ctx) => enterMenu(ctx, deps, 'net', openNetwork(deps)));
  c.callbackQuery(buttons.net.pattern, async (ctx) => {
    const act = buttons.net.parse(ctx.callbackQuery.data);
    if (!act) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, NET_JOB[act], {});
  });
  return c;
}
