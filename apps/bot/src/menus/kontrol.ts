import { toHtml } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import { cb, parsePowerData, type PowerAction } from '../callback-data.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';

const VERBS = ['start', 'stop', 'restart'] as const;
type Verb = (typeof VERBS)[number];
const VERB_BUTTON: Record<Verb, string> = { start: '▶️ Start', stop: '⏹ Stop', restart: '🔄 Restart' };
const POWER_JOB = { reboot: 'host.reboot', off: 'host.shutdown' } as const satisfies Record<PowerAction, 'host.reboot' | 'host.shutdown'>;

/** Units are addressed by their index in SERVICES_WHITELIST: short callback data, never a free unit name. */
function unitPicker(units: readonly string[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  units.forEach((u, i) => kb.text(u, `ctl:u:${i}`).row());
  if (units.length) kb.text('📋 Status semua service', 'ctl:list').row();
  return kb.text('🔁 Reboot server', cb.power('reboot')).text('⏻ Matikan server', cb.power('off'));
}

function actionPicker(index: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const v of VERBS) kb.text(VERB_BUTTON[v], `ctl:a:${index}:${v}`);
  return kb.row().text('« Kembali', 'ctl:back');
}

/**
 * 🧰 Kontrol: pick a whitelisted unit, then Start / Stop / Restart, then confirm (✅ or a
 * typed YA); or reboot / shut down the server (confirmed; /reboot too). /services lists
 * the units with their state (viewers may look).
 */
export function kontrolMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const units = deps.config.servicesWhitelist;

  c.command('services', (ctx) => dispatch(ctx, deps, 'service.list', {}));
  c.hears(MENU.kontrol, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'menu:kontrol')) return;
    await ctx.reply(toHtml(units.length ? botTexts.pickService : botTexts.noServices), { reply_markup: unitPicker(units) });
  });
  // Who may ask, and the confirmation first: dispatch applies the registry (job-gate.ts).
  c.command('reboot', (ctx) => dispatch(ctx, deps, 'host.reboot', {}, { label: botTexts.powerLabel.reboot }));
  c.callbackQuery(/^pw:/, async (ctx) => {
    const act = parsePowerData(ctx.callbackQuery.data);
    if (!act) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, POWER_JOB[act], {}, { label: botTexts.powerLabel[act], ...editing(ctx) });
  });
  c.callbackQuery('ctl:list', (ctx) => dispatch(ctx, deps, 'service.list', {}));
  c.callbackQuery('ctl:back', async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'button:ctl:back')) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(toHtml(units.length ? botTexts.pickService : botTexts.noServices), { reply_markup: unitPicker(units) });
  });
  c.callbackQuery(/^ctl:u:(\d{1,3})$/, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery.data}`)) return;
    const i = Number(ctx.match[1]);
    const unit = units[i];
    if (unit === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(toHtml(botTexts.pickAction(unit)), { reply_markup: actionPicker(i) });
  });
  c.callbackQuery(/^ctl:a:(\d{1,3}):(start|stop|restart)$/, async (ctx) => {
    const unit = units[Number(ctx.match[1])];
    const verb = ctx.match[2] as Verb;
    if (unit === undefined || ctx.chat === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, `service.${verb}`, { unit }, { label: `${botTexts.actionLabel[verb]} ${unit}`, ...editing(ctx) });
  });
  return c;
}
