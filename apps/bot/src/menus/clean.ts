import { buttons, type CleanKind } from '@potion/jobs';
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { botTexts } from '../texts.js';

const SHORT: Record<CleanKind, string> = { apt: 'cache apt', journal: 'journal', autoremove: 'autoremove (paket & kernel lama)', docker: 'image Docker yang gak kepakai' };

/** The confirmation's words: "Yakin mau bersihin disk (cache apt, journal)?". */
export const cleanLabel = (kinds: readonly CleanKind[]) => `bersihin disk (${kinds.map((k) => SHORT[k]).join(', ')})`;

/**
 * 🧹 Bersihkan (under the disk-full alert of / and 📊 Detail; admins only, as the registry says):
 * `clean:plan` measures the clean-ups, `clean:go:…` asks the usual confirmation, then runs them.
 * Both answer with a new message, so the alert or the plan stays readable above.
 */
export function cleanButtons(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.callbackQuery(buttons.clean.pattern, async (ctx) => {
    const b = buttons.clean.parse(ctx.callbackQuery.data);
    if (!b) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (b.kind === 'plan') return dispatch(ctx, deps, 'clean.plan', {});
    await dispatch(ctx, deps, 'clean.run', { kinds: b.kinds }, { label: cleanLabel(b.kinds) });
  });
  return c;
}
