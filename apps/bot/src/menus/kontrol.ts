import { buttons, SERVICE_VERBS, type PowerAction, type ServiceVerb, toHtml } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { MENU } from '../keyboards.js';
import { hostLabel, listsForPress, listsOf } from '../host-lists.js';
import { botTexts } from '../texts.js';
import { enterMenu, reopen, withHostRow, type MenuOpener } from './host-picker.js';

const VERB_BUTTON: Record<ServiceVerb, string> = { start: '▶️ Start', stop: '⏹ Stop', restart: '🔄 Restart' };
const POWER_JOB = { reboot: 'host.reboot', off: 'host.shutdown' } as const satisfies Record<PowerAction, 'host.reboot' | 'host.shutdown'>;

/** Units are addressed by their index in the host's SERVICES_WHITELIST (as its worker published it): short callback data, never a free unit name. */
function unitPicker(units: readonly string[], containers: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  units.forEach((u, i) => kb.text(u, buttons.kontrol.build({ kind: 'unit', index: i })).row());
  if (units.length) kb.text('📋 Status semua service', buttons.kontrol.build({ kind: 'list' })).row();
  // With DOCKER_WHITELIST: the containers (apps/bot/src/menus/docker.ts).
  if (containers) kb.text('🐳 Container Docker', buttons.docker.build({ kind: 'list' })).row();
  return kb.text('🔁 Reboot server', buttons.power.build('reboot')).text('⏻ Matikan server', buttons.power.build('off'));
}

/**
 * 🧰 Kontrol for one host (host-picker.ts): that host's units (host-lists.ts), with
 * 🖥️ <host> · ganti when several hosts are known. Lists not known: the honest line, and the
 * power buttons only.
 */
export function openKontrol(deps: BotDeps): MenuOpener {
  return async (ctx, target) => {
    const lists = await listsOf(deps, target.id);
    const units = lists?.services ?? [];
    const text = toHtml(lists === undefined ? botTexts.listsUnknown(target.name ?? (await hostLabel(deps, target.id))) : units.length ? botTexts.pickService : botTexts.noServices);
    const markup = { reply_markup: withHostRow(unitPicker(units, (lists?.containers.length ?? 0) > 0), target, 'ctl') };
    if (!target.edit) return (await ctx.reply(text, markup)).message_id;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, markup);
    return ctx.callbackQuery?.message?.message_id;
  };
}

function actionPicker(index: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const verb of SERVICE_VERBS) kb.text(VERB_BUTTON[verb], buttons.kontrol.build({ kind: 'action', index, verb }));
  return kb.row().text('« Kembali', buttons.kontrol.build({ kind: 'back' }));
}

/**
 * 🧰 Kontrol: pick a whitelisted unit, then Start / Stop / Restart, then confirm (✅ or a
 * typed YA); or reboot / shut down the server (confirmed; /reboot too). /services lists
 * the units with their state (viewers may look).
 */
export function kontrolMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();

  c.command('services', (ctx) => dispatch(ctx, deps, 'service.list', {}));
  c.hears(MENU.kontrol, async (ctx) => {
    if (await refuseUnlessAdmin(ctx, deps, 'menu:kontrol')) return;
    await enterMenu(ctx, deps, 'ctl', openKontrol(deps));
  });
  // Who may ask, and the confirmation first: dispatch applies the registry (job-gate.ts).
  c.command('reboot', (ctx) => dispatch(ctx, deps, 'host.reboot', {}, { label: botTexts.powerLabel.reboot }));
  c.callbackQuery(buttons.power.pattern, async (ctx) => {
    const act = buttons.power.parse(ctx.callbackQuery.data);
    if (!act) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, POWER_JOB[act], {}, { label: botTexts.powerLabel[act], ...editing(ctx) });
  });
  c.callbackQuery(buttons.kontrol.pattern, async (ctx) => {
    const b = buttons.kontrol.parse(ctx.callbackQuery.data);
    if (!b) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (b.kind === 'list') return dispatch(ctx, deps, 'service.list', {});
    if (b.kind === 'back') {
      if (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery.data}`)) return;
      return reopen(ctx, deps, openKontrol(deps));
    }
    if (b.kind === 'unit') {
      if (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery.data}`)) return;
      const found = await listsForPress(ctx, deps);
      if (!found) return;
      const unit = found.lists.services[b.index];
      if (unit === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
      await ctx.answerCallbackQuery();
      return void (await ctx.editMessageText(toHtml(botTexts.pickAction(unit)), { reply_markup: actionPicker(b.index) }));
    }
    if (ctx.chat === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    const found = await listsForPress(ctx, deps);
    if (!found) return;
    const unit = found.lists.services[b.index];
    if (unit === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    await dispatch(ctx, deps, `service.${b.verb}`, { unit }, { label: `${botTexts.actionLabel[b.verb]} ${unit}`, host: found.host, ...editing(ctx) });
  });
  return c;
}
