import { buttons, JobPayloadError, keys, logSource, parsePayload, payloadErrorText, type JobData, type LogAction, type LogSrc, toHtml } from '@potion/jobs';
import { HOST_ID_PATTERN, unitName } from '@potion/platform';
import { Composer, InlineKeyboard } from 'grammy';
import { z } from 'zod';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { hostLabel, listsForPress, listsOf, type MenuLists } from '../host-lists.js';
import { hostOf } from '../hosts.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';
import { enterMenu, reopen, withHostRow, type MenuOpener } from './host-picker.js';

/** How long the bot waits for the word after `🔍 Cari kata…`. */
export const SEARCH_WORD_TTL_SEC = 300;
const TAIL_LINES = 50;
const FIXED_WORDS: Partial<Record<LogAction, string>> = { e: 'error', f: 'fail', w: 'warn' };
const MENU_LABELS: ReadonlySet<string> = new Set(Object.values(MENU));

type Target = { source: 'runtime' | 'dmesg' } | { source: 'journal'; unit: string };
/**
 * What a pending "type a word" stores in Redis; parsed again when the word arrives. `host`: the
 * host of the message 🔍 was pressed under (the word is searched there, whatever the chat picks meanwhile).
 */
const storedHost = z.string().regex(HOST_ID_PATTERN).optional();
const storedTarget = z.union([
  z.object({ source: z.literal('journal'), unit: unitName, host: storedHost }).strict(),
  z.object({ source: logSource.exclude(['journal']), host: storedHost }).strict(),
]);

const wordKey = keys.searchWord;

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function targetOf(src: LogSrc, units: readonly string[]): Target | undefined {
  if (src === 'r') return { source: 'runtime' };
  if (src === 'd') return { source: 'dmesg' };
  const unit = units[Number(src.slice(1))];
  return unit === undefined ? undefined : { source: 'journal', unit };
}

function labelOf(t: Target): string {
  return t.source === 'journal' ? t.unit : t.source === 'runtime' ? 'runtime.log' : 'dmesg';
}

function sourcePicker(units: readonly string[]): InlineKeyboard {
  const kb = new InlineKeyboard().text('📄 runtime.log', buttons.logs.build({ kind: 'source', src: 'r' })).row();
  units.forEach((u, i) => kb.text(`🧩 ${u}`, buttons.logs.build({ kind: 'source', src: `j${i}` })).row());
  return kb.text('🐧 dmesg', buttons.logs.build({ kind: 'source', src: 'd' }));
}

function actionPicker(src: LogSrc): InlineKeyboard {
  const a = (act: LogAction) => buttons.logs.build({ kind: 'action', src, act });
  return new InlineKeyboard()
    .text('Tail 50', a('t')).row()
    .text('Cari "error"', a('e')).text('Cari "fail"', a('f')).text('Cari "warn"', a('w')).row()
    .text('🔍 Cari kata…', a('k')).text('📎 Kirim file', a('x')).row()
    .text('« Kembali', buttons.logs.build({ kind: 'back' }));
}

/** `/logs runtime`, `/logs dmesg`, `/logs n8n.service` (or `/logs n8n`): a whitelisted unit only. */
export function targetOfArgument(arg: string, units: readonly string[]): Target | undefined {
  const a = arg.trim().toLowerCase();
  if (a === 'runtime' || a === 'runtime.log') return { source: 'runtime' };
  if (a === 'dmesg' || a === 'kernel') return { source: 'dmesg' };
  const unit = units.find((u) => u.toLowerCase() === a || u.toLowerCase() === `${a}.service`);
  return unit === undefined ? undefined : { source: 'journal', unit };
}

/** The source picker's words: with the honest line when the host's units are not known (runtime.log and dmesg still are). */
const pickerText = (lists: MenuLists | undefined, host: string): string => (lists ? botTexts.pickLogSource : `${botTexts.pickLogSource}\n${botTexts.listsUnknown(host)}`);

/** 📜 Logs for one host (host-picker.ts): runtime.log, the journals of that host's units (host-lists.ts), dmesg. */
export function openLogs(deps: BotDeps): MenuOpener {
  return async (ctx, target) => {
    const lists = await listsOf(deps, target.id);
    const text = toHtml(pickerText(lists, target.name ?? (await hostLabel(deps, target.id))));
    const markup = { reply_markup: withHostRow(sourcePicker(lists?.services ?? []), target, 'logs') };
    if (!target.edit) return (await ctx.reply(text, markup)).message_id;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, markup);
    return ctx.callbackQuery?.message?.message_id;
  };
}

/**
 * 📜 Logs: pick a source (runtime.log, each whitelisted unit's journal, dmesg), then Tail 50,
 * a fixed search, a typed word (checked with the registry's schema before anything is
 * queued; matched literally by the worker), or the file itself (admins only).
 * Viewers may look. `/logs runtime` sends the tail at once.
 */
export function logsMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const log = deps.log.child({ module: 'bot:logs' });

  c.hears(MENU.logs, (ctx) => enterMenu(ctx, deps, 'logs', openLogs(deps)));
  c.command('logs', async (ctx) => {
    const arg = typeof ctx.match === 'string' ? ctx.match : '';
    const host = await hostOf(ctx, deps);
    const lists = await listsOf(deps, host);
    const units = lists?.services ?? [];
    if (arg.trim() === '') return void (await ctx.reply(toHtml(pickerText(lists, await hostLabel(deps, host))), { reply_markup: sourcePicker(units) }));
    const target = targetOfArgument(arg, units);
    if (!target) return void (await ctx.reply(toHtml(lists ? botTexts.logsUsage(units) : botTexts.listsUnknown(await hostLabel(deps, host)))));
    await dispatch(ctx, deps, 'logs.tail', { ...target, lines: TAIL_LINES }, { host });
  });

  c.callbackQuery(buttons.logs.pattern, async (ctx) => {
    const data = buttons.logs.parse(ctx.callbackQuery.data);
    if (!data) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (data.kind === 'back') return reopen(ctx, deps, openLogs(deps));
    // A unit's journal is picked by its index in the host's list; runtime.log and dmesg need none.
    const found = data.src.startsWith('j') ? await listsForPress(ctx, deps) : undefined;
    if (data.src.startsWith('j') && !found) return;
    const target = targetOf(data.src, found?.lists.services ?? []);
    if (!target) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (data.kind === 'source') {
      await ctx.answerCallbackQuery();
      return void (await ctx.editMessageText(toHtml(botTexts.pickLogAction(labelOf(target))), { reply_markup: actionPicker(data.src) }));
    }
    // The file is for admins only (the registry's logs.file): dispatch refuses viewers.
    if (data.act === 'x') return dispatch(ctx, deps, 'logs.file', target);
    if (data.act === 't') return dispatch(ctx, deps, 'logs.tail', { ...target, lines: TAIL_LINES });
    const word = FIXED_WORDS[data.act];
    if (word !== undefined) return dispatch(ctx, deps, 'logs.search', { ...target, word });
    // 'k': wait for the word the user types next.
    await ctx.answerCallbackQuery();
    const host = found?.host ?? (await hostOf(ctx, deps));
    await deps.redis.set(wordKey(ctx.potion.userId), JSON.stringify({ ...target, host }), 'EX', SEARCH_WORD_TTL_SEC);
    await ctx.reply(toHtml(botTexts.askSearchWord(labelOf(target))), { reply_markup: { force_reply: true, input_field_placeholder: 'kata yang dicari' } });
  });

  // The typed word. Menu buttons and commands keep their meaning while a word is awaited.
  c.on('message:text', async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith('/') || MENU_LABELS.has(text)) return next();
    let raw: string | null;
    try {
      raw = await deps.redis.get(wordKey(ctx.potion.userId));
    } catch (err) {
      log.warn({ err }, 'cannot read the awaited search word state');
      return next();
    }
    const stored = raw === null ? undefined : storedTarget.safeParse(parseJson(raw));
    if (!stored?.success) return next();
    const { host, ...target } = stored.data;
    let payload: JobData<'logs.search'>;
    try {
      payload = parsePayload('logs.search', { ...target, word: text });
    } catch (err) {
      if (!(err instanceof JobPayloadError)) throw err;
      deps.audit.write({ requestId: `u${ctx.update.update_id}`, who: `tg:${ctx.potion.userId}`, action: 'logs.search', outcome: 'refused', error: err.issues.join('; ') });
      return void (await ctx.reply(toHtml(`${payloadErrorText(err)}\n${botTexts.searchWordAgain}`)));
    }
    await deps.redis.del(wordKey(ctx.potion.userId));
    await dispatch(ctx, deps, 'logs.search', payload, host !== undefined ? { host } : {});
  });
  return c;
}
