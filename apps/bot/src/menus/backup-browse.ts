import { browseRecord, buttons, hostKeys, restorePlanRecord, type BrowseButton, type BrowseRecord, type JobData, type RestorePlanRecord } from '@potion/jobs';
import { Composer } from 'grammy';
import type { z } from 'zod';
import type { BotContext, BotDeps } from '../context.js';
import { dispatch, editing } from '../courier.js';
import { hostOf } from '../hosts.js';
import { mayAsk } from '../job-gate.js';
import { botTexts } from '../texts.js';

/**
 * A record the worker wrote for a button (keys.restorePlan / keys.backupBrowse), checked
 * with its schema and bound to the user it was made for; undefined after answering the press.
 */
async function readRecord<T extends { userId: number }>(ctx: BotContext, deps: BotDeps, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const raw = await deps.redis.get(key);
  const parsed = raw === null ? undefined : schema.safeParse(JSON.parse(raw) as unknown);
  if (!parsed?.success) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
  if (parsed.data.userId !== ctx.potion.userId) return void (await ctx.answerCallbackQuery({ text: botTexts.notYourButton, show_alert: true }));
  return parsed.data;
}

/** `bk:go:<token>`: a restore plan becomes the confirmation of the restore, naming its services. */
export async function continuePlan(ctx: BotContext, deps: BotDeps, token: string): Promise<void> {
  if (!(await mayAsk(ctx, deps, 'backup.restore'))) return;
  const plan: RestorePlanRecord | undefined = await readRecord(ctx, deps, hostKeys(await hostOf(ctx, deps)).restorePlan(token), restorePlanRecord);
  if (!plan) return;
  const payload: JobData<'backup.restore'> = { snapshot: plan.snapshot, ...(plan.path ? { path: plan.path } : {}), stopServices: true, services: plan.services };
  await dispatch(ctx, deps, 'backup.restore', payload, { label: botTexts.restoreLabel(plan.snapshot, plan.path, plan.services), ...editing(ctx) });
}

/** What a browse button asks for, from the page it is under. */
async function follow(ctx: BotContext, deps: BotDeps, b: BrowseButton, page: BrowseRecord): Promise<void> {
  const snapshot = page.snapshot;
  const here = page.path ?? undefined;
  switch (b.act) {
    case 'open': {
      const path = page.entries[b.n];
      if (path === undefined) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
      return dispatch(ctx, deps, 'backup.browse', { snapshot, path, page: 0 }, editing(ctx));
    }
    case 'page':
      return dispatch(ctx, deps, 'backup.browse', { snapshot, ...(here ? { path: here } : {}), page: b.n }, editing(ctx));
    case 'up':
      return dispatch(ctx, deps, 'backup.browse', { snapshot, ...(page.parent ? { path: page.parent } : {}), page: 0 }, editing(ctx));
    case 'restore':
      if (!here) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
      // The plan names the services to stop; its button leads to the usual confirmation.
      return dispatch(ctx, deps, 'backup.restorePlan', { snapshot, path: here });
    case 'send':
      if (!here || !page.sendable) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
      return dispatch(ctx, deps, 'backup.sendFile', { snapshot, path: here });
  }
}

/**
 * 💾 Backup → Restore list → 📂 Buka: walking a snapshot. Every button carries a token of the
 * page the worker kept in Redis and an index (Telegram's 64 bytes hold no path); the page is
 * bound to the admin who opened it. Paths go back to the worker, which checks them again.
 */
export function backupBrowseMenu(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.callbackQuery(buttons.browse.pattern, async (ctx) => {
    const b = buttons.browse.parse(ctx.callbackQuery.data);
    if (!b) return void (await ctx.answerCallbackQuery({ text: botTexts.staleButton }));
    if (!(await mayAsk(ctx, deps, 'backup.browse'))) return;
    const page = await readRecord(ctx, deps, hostKeys(await hostOf(ctx, deps)).backupBrowse(b.token), browseRecord);
    if (page) await follow(ctx, deps, b, page);
  });
  return c;
}
