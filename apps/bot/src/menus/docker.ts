import { buttons, type ContainerAction, toHtml } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { listsForPress } from '../host-lists.js';
import { botTexts } from '../texts.js';

const ACTION_BUTTON: Record<ContainerAction, string> = { start: '▶️ Start', stop: '⏹ Stop', restart: '🔄 Restart', logs: '📜 Log 50 baris' };

function actionPicker(index: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const action of ['start', 'stop', 'restart'] as const) kb.text(ACTION_BUTTON[action], buttons.docker.build({ kind: 'action', index, action }));
  return kb
    .row()
    .text(ACTION_BUTTON.logs, buttons.docker.build({ kind: 'action', index, action: 'logs' }))
    .row()
    .text('« Kembali', buttons.docker.build({ kind: 'list' }));
}

/**
 * 🐳 Containers: /containers, 🧰 Kontrol → 🐳 Container Docker, or 🐳 under 📊 Status list them
 * (viewers may look); a whitelisted one is picked by its index in the DOCKER_WHITELIST its
 * host's worker published (host-lists.ts; never a free name), then Start / Stop / Restart
 * (confirmed, admins) or its last log lines (admins). The worker checks the whitelist again.
 */
export function dockerMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();

  c.command('containers', (ctx) => dispatch(ctx, deps, 'docker.list', {}));
  c.callbackQuery(buttons.docker.pattern, async (ctx) => {
    const b = buttons.docker.parse(ctx.callbackQuery.data);
    if (!b) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (b.kind === 'list') return dispatch(ctx, deps, 'docker.list', {});
    if (b.kind === 'pick' && (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery.data}`))) return;
    const found = await listsForPress(ctx, deps);
    if (!found) return;
    const name = found.lists.containers[b.index];
    if (b.kind === 'pick') {
      if (name === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
      await ctx.answerCallbackQuery();
      return void (await ctx.editMessageText(toHtml(botTexts.pickContainerAction(name)), { reply_markup: actionPicker(b.index) }));
    }
    if (name === undefined || ctx.chat === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    // Under the picker the answer replaces it; under an alert it comes as a new message.
    const where = b.kind === 'action' ? editing(ctx) : {};
    if (b.action === 'logs') return dispatch(ctx, deps, 'docker.logs', { container: name, lines: 50 }, { host: found.host, ...where });
    await dispatch(ctx, deps, `docker.${b.action}`, { container: name }, { label: `${botTexts.actionLabel[b.action]} container ${name}`, host: found.host, ...where });
  });
  return c;
}
