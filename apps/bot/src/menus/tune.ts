import { buttons, keys, parseTyped, plainText, tunableId, showRange, showValue, TUNABLES, TUNE_GROUP_LABELS, TUNE_GROUPS, valueIn, toHtml, type TunableId } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import { refuseUnlessAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { mayAsk } from '../job-gate.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';

/** How long the bot waits for the number typed after `✏️ Ketik angka`. */
export const TUNE_TYPED_TTL_SEC = 300;
const MENU_LABELS: ReadonlySet<string> = new Set(Object.values(MENU));

export const tuneTexts = {
  pickGroup: '📏 Ambang alert: mau atur bagian yang mana? Angka dari .env itu default-nya; yang kamu ubah di sini langsung dipakai tanpa restart.',
  askNumber: (id: TunableId, now: string) => {
    const t = TUNABLES[id];
    return `✏️ Ketik angka baru untuk ${t.label} (${t.unit}), boleh ${showRange(id)}. Default: ${now}.`;
  },
  /** The confirmation's words: "Yakin mau ubah Batas CPU jadi 80% (default 90%)?". */
  setLabel: (id: TunableId, value: number, def: number) => `ubah ${TUNABLES[id].label} jadi ${showValue(id, value)} (default ${showValue(id, def)})`,
  defaultLabel: (id: TunableId, def: number) => `balikin ${TUNABLES[id].label} ke default ${showValue(id, def)}`,
};

function groupsKeyboard(): InlineKeyboard {
  const kb = new InlineKeyboard();
  TUNE_GROUPS.forEach((g, i) => {
    kb.text(TUNE_GROUP_LABELS[g], buttons.tune.build({ kind: 'group', group: g }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

/**
 * ⚙️ Settings → 📏 Ambang alert and 📜 Aktivitas (admins only). The pages come from the worker
 * (settings.thresholds: the values in force and their defaults; settings.activity); a preset,
 * a typed number or ↩️ Default becomes settings.tune, which the registry has confirmed first
 * (dispatch asks). The typed number is checked here with the catalog's range before anything
 * is asked or queued, and the worker checks it again. Registered after the other typed-text
 * handlers: whichever "type" button was pressed last clears the others' waiting state.
 */
export function tuneMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const log = deps.log.child({ module: 'bot:tune' });
  const def = (id: TunableId) => valueIn(id, deps.config);

  c.callbackQuery(buttons.tune.pattern, async (ctx) => {
    const b = buttons.tune.parse(ctx.callbackQuery.data);
    if (!b) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (await refuseUnlessAdmin(ctx, deps, `button:${ctx.callbackQuery.data}`)) return;
    switch (b.kind) {
      case 'home':
        await ctx.answerCallbackQuery();
        return void (await ctx.editMessageText(toHtml(tuneTexts.pickGroup), { reply_markup: groupsKeyboard() }));
      case 'group':
        return dispatch(ctx, deps, 'settings.thresholds', { group: b.group }, editing(ctx));
      case 'value':
        return dispatch(ctx, deps, 'settings.thresholds', { group: TUNABLES[b.id].group, focus: b.id }, editing(ctx));
      case 'set':
        return dispatch(ctx, deps, 'settings.tune', { id: b.id, value: b.value }, { label: tuneTexts.setLabel(b.id, b.value, def(b.id)), ...editing(ctx) });
      case 'default':
        return dispatch(ctx, deps, 'settings.tune', { id: b.id, value: null }, { label: tuneTexts.defaultLabel(b.id, def(b.id)), ...editing(ctx) });
      case 'activity':
        return dispatch(ctx, deps, 'settings.activity', { page: b.page }, editing(ctx));
      case 'type': {
        if (!(await mayAsk(ctx, deps, 'settings.tune'))) return;
        await ctx.answerCallbackQuery();
        const user = ctx.potion.userId;
        // This press is the newest "type something": the others stop waiting.
        await deps.redis.multi().del(keys.backupTimeTyped(user), keys.searchWord(user)).set(keys.tuneTyped(user), b.id, 'EX', TUNE_TYPED_TTL_SEC).exec();
        return void (await ctx.reply(toHtml(tuneTexts.askNumber(b.id, showValue(b.id, def(b.id)))), { reply_markup: { force_reply: true, input_field_placeholder: `${TUNABLES[b.id].min}–${TUNABLES[b.id].max}` } }));
      }
    }
  });

  // The typed number. Menu buttons and commands keep their meaning while it is awaited.
  c.on('message:text', async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith('/') || MENU_LABELS.has(text)) return next();
    let awaited: string | null;
    try {
      awaited = await deps.redis.get(keys.tuneTyped(ctx.potion.userId));
    } catch (err) {
      log.warn({ err }, 'cannot read the awaited threshold state');
      return next();
    }
    const known = tunableId.safeParse(awaited);
    if (!known.success) return next();
    const id = known.data;
    if (!(await mayAsk(ctx, deps, 'settings.tune'))) return;
    const typed = parseTyped(id, text);
    if (!typed.ok) {
      // Still waiting: the answer says the range, the next message is read again.
      deps.audit.write({ requestId: `u${ctx.update.update_id}`, who: `tg:${ctx.potion.userId}`, action: 'settings.tune', outcome: 'refused', detail: { payload: { id } }, error: `typed "${plainText(text.trim(), 20)}": ${typed.reason} (allowed ${showRange(id)})` });
      return void (await ctx.reply(toHtml(typed.text)));
    }
    await deps.redis.del(keys.tuneTyped(ctx.potion.userId));
    await dispatch(ctx, deps, 'settings.tune', { id, value: typed.value }, { label: tuneTexts.setLabel(id, typed.value, def(id)) });
  });
  return c;
}
