import { backupTime, buttons, hostKeys, keys, plainText, readBackupRunning, settingsFields, texts, type BackupAction, type JobData, toHtml } from '@potion/jobs';
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch } from '../courier.js';
import { hostOf } from '../hosts.js';
import { enterMenu, simpleOpener, type MenuOpener } from './host-picker.js';
import { mayAsk } from '../job-gate.js';
import { MENU } from '../keyboards.js';
import { botTexts } from '../texts.js';
import { continuePlan } from './backup-browse.js';

/** How long the bot waits for the HH:MM typed after `⌨️ Ketik jam sendiri`. */
export const BACKUP_TIME_TTL_SEC = 300;
/** Times offered as buttons under ⏰ Jadwal (the PRD default 02:30 among them). */
export const BACKUP_TIME_PRESETS = ['01:00', '02:30', '04:00', '23:00'] as const;
const MENU_LABELS: ReadonlySet<string> = new Set(Object.values(MENU));

const menu = (act: BackupAction): string => buttons.backup.build({ kind: 'menu', act });

/** ☁️ shows only when OFFSITE_REMOTE is set. */
function backupKeyboard(offsite: boolean): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text('💾 Backup now', menu('run')).text('⏰ Jadwal', menu('sch')).row()
    .text('📋 Restore list', menu('list')).text('🔍 Verifikasi checksum', menu('vfy')).row()
    .text('🧹 Bersihkan snapshot lama', menu('prune'));
  return offsite ? kb.row().text('☁️ Kirim off-site sekarang', menu('off')) : kb;
}

function scheduleKeyboard(): InlineKeyboard {
  const kb = new InlineKeyboard();
  BACKUP_TIME_PRESETS.forEach((t, i) => {
    kb.text(`🕑 ${t}`, buttons.backup.build({ kind: 'time', time: t }));
    if (i % 2 === 1) kb.row();
  });
  return kb.text('⌨️ Ketik jam sendiri', buttons.backup.build({ kind: 'type-time' }));
}

/** ⏰ Jadwal (also ⚙️ Settings → Set jadwal backup): the current time and the choices. Admins only. */
export async function showSchedulePicker(ctx: BotContext, deps: BotDeps): Promise<void> {
  // The picker is there to make a backup.schedule job: whoever may not ask for one is refused.
  if (!(await mayAsk(ctx, deps, 'backup.schedule'))) return;
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  const current = (await deps.redis.hget(hostKeys(await hostOf(ctx, deps)).settings, settingsFields.backupTime)) ?? deps.config.backup.time;
  await ctx.reply(toHtml(botTexts.pickBackupTime(current, deps.config.timezone)), { reply_markup: scheduleKeyboard() });
}

/** Backup now / `/backup`: answers with the running backup's progress instead of queueing a second one. */
async function backupNow(ctx: BotContext, deps: BotDeps): Promise<void> {
  // Refused before the running backup is read: a viewer learns nothing from the busy answer.
  if (!(await mayAsk(ctx, deps, 'backup.run'))) return;
  const running = await readBackupRunning(deps.redis, hostKeys(await hostOf(ctx, deps))).catch((err: unknown) => {
    deps.log.warn({ module: 'bot:backup', err }, 'cannot read the running backup; queueing anyway (the worker guards too)');
    return null;
  });
  if (running) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    return void (await ctx.reply(toHtml(texts.backupBusy(running.percent, running.label))));
  }
  await dispatch(ctx, deps, 'backup.run', { trigger: 'manual' });
}

/** 💾 Backup for one host (host-picker.ts). */
export const openBackup = (deps: BotDeps): MenuOpener => simpleOpener('bk', () => botTexts.pickBackup, () => backupKeyboard(deps.config.offsite.remote !== undefined));

/**
 * 💾 Backup: Backup now (also `/backup`), ⏰ Jadwal (preset or typed HH:MM, checked with the
 * registry's schema), 📋 Restore list (the worker's answer carries ♻️ Restore / 🔍 Cek / 📂 Buka
 * per snapshot; ♻️ Restore shows the worker's plan, whose ♻️ Lanjut leads to the confirmation), 🔍 Verifikasi checksum of the newest, 🧹 Bersihkan. Everyone may open the menu
 * and the list; running, verifying, restoring, pruning and the schedule are for admins, restore
 * and prune after a confirmation: the registry says so, and dispatch applies it.
 */
export function backupMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const log = deps.log.child({ module: 'bot:backup' });

  c.hears(MENU.backup, (ctx) => enterMenu(ctx, deps, 'bk', openBackup(deps)));
  c.command('backup', (ctx) => backupNow(ctx, deps));

  c.callbackQuery(buttons.backup.pattern, async (ctx, next) => {
    const data = buttons.backup.parse(ctx.callbackQuery.data);
    if (!data) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (data.kind === 'menu' && data.act === 'run') return backupNow(ctx, deps);
    if (data.kind === 'menu' && data.act === 'sch') return showSchedulePicker(ctx, deps);
    if (data.kind === 'menu' && data.act === 'list') return dispatch(ctx, deps, 'backup.list', {});
    // No confirmation: it changes nothing on the host; a second press while one runs is told so (docs/decisions/034).
    if (data.kind === 'menu' && data.act === 'off') return dispatch(ctx, deps, 'offsite.run', { trigger: 'manual' });
    switch (data.kind) {
      case 'menu':
        if (data.act === 'vfy') return dispatch(ctx, deps, 'backup.verify', { mode: 'quick' });
        return dispatch(ctx, deps, 'backup.prune', {}, { label: botTexts.pruneLabel(deps.config.backup.keepDaily, deps.config.backup.keepWeekly) });
      case 'time':
        return setTime(ctx, data.time);
      case 'type-time':
        // Only who may set the schedule is asked for a time.
        if (!(await mayAsk(ctx, deps, 'backup.schedule'))) return;
        await ctx.answerCallbackQuery();
        await deps.redis.set(keys.backupTimeTyped(ctx.potion.userId), '1', 'EX', BACKUP_TIME_TTL_SEC);
        return void (await ctx.reply(toHtml(botTexts.askBackupTime), { reply_markup: { force_reply: true, input_field_placeholder: 'HH:MM' } }));
      case 'plan-go':
        return continuePlan(ctx, deps, data.token);
      case 'snapshot':
        // Restore: first the plan (what is written, which services stop), then the confirmation.
        if (data.act === 'r') return dispatch(ctx, deps, 'backup.restorePlan', { snapshot: data.snapshot });
        if (data.act === 'o') return dispatch(ctx, deps, 'backup.browse', { snapshot: data.snapshot, page: 0 });
        return dispatch(ctx, deps, 'backup.verify', { snapshot: data.snapshot, mode: data.act === 'f' ? 'full' : 'quick' });
    }
    // Browsing (`o`) and restore plans (`go`) are another handler's (or a stale button's).
    await next();
  });

  async function setTime(ctx: BotContext, time: string): Promise<void> {
    await deps.redis.del(keys.backupTimeTyped(ctx.potion.userId));
    await dispatch(ctx, deps, 'backup.schedule', { time });
  }

  // The typed HH:MM. Menu buttons and commands keep their meaning while it is awaited.
  c.on('message:text', async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith('/') || MENU_LABELS.has(text)) return next();
    let awaited: string | null;
    try {
      awaited = await deps.redis.get(keys.backupTimeTyped(ctx.potion.userId));
    } catch (err) {
      log.warn({ err }, 'cannot read the awaited backup time state');
      return next();
    }
    if (awaited === null) return next();
    if (!(await mayAsk(ctx, deps, 'backup.schedule'))) return;
    const typed = text.trim().replace('.', ':');
    const parsed = backupTime.safeParse(/^\d:\d\d$/.test(typed) ? `0${typed}` : typed);
    if (!parsed.success) {
      deps.audit.write({ requestId: `u${ctx.update.update_id}`, who: `tg:${ctx.potion.userId}`, action: 'backup.schedule', outcome: 'refused', error: `not a time: ${plainText(text, 40)}` });
      return void (await ctx.reply(toHtml(botTexts.badBackupTime(text.trim()))));
    }
    await setTime(ctx, parsed.data);
  });
  return c;
}
