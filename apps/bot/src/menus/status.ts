import { buttons } from '@potion/jobs';
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { knownHosts } from '../hosts.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';
import type { MenuOpener } from './host-picker.js';

/** 📊 Status of one host, from the per-host buttons of the multi-host status (`hp:st:<id>`). */
export function openHostStatus(deps: BotDeps): MenuOpener {
  return async (ctx, target) => {
    await dispatch(ctx, deps, 'status.summary', {}, { host: target.id });
    return undefined;
  };
}

/**
 * 📊 Status and /status: the status.summary job through the courier. The summary carries
 * a `🔍 Detail` button (buttons.status `detail`) that asks for status.detail in a new message, so
 * the summary stays readable above it. With more than one known host, status.hosts on the
 * bot's own host first: a line per host and a button per host for its summary (issue 18).
 */
export function statusMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const run = async (ctx: BotContext) => {
    if ((await knownHosts(deps)).length > 1) return dispatch(ctx, deps, 'status.hosts', {}, { host: deps.config.hostId });
    await dispatch(ctx, deps, 'status.summary', {}, { host: deps.config.hostId });
  };
  c.hears(MENU.status, run);
  c.command('status', run);
  // dispatch answers the press and sends it to the host of the message (hosts.ts). 🔍 Detail,
  // or 📈 under the details: a chart of the last 1, 6 or 24 hours, sent as a photo.
  c.callbackQuery(buttons.status.pattern, async (ctx) => {
    const b = buttons.status.parse(ctx.callbackQuery.data);
    if (!b) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (b.kind === 'detail') return dispatch(ctx, deps, 'status.detail', {});
    await dispatch(ctx, deps, 'chart.render', { hours: b.hours });
  });
  return c;
}
