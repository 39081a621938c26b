import { keys } from '@potion/jobs';
import { Composer } from 'grammy';
import type { BotContext, BotDeps } from './context.js';

/** Telegram may redeliver an update for 24 h; remember handled ones a little longer. */
export const UPDATE_CLAIM_TTL_SEC = 48 * 3600;

/**
 * Handles each Telegram update once: the first process to claim its id in Redis handles
 * it, a redelivery (restart before the offset was confirmed) is ignored, so it neither
 * sends a second pending message nor enqueues a second job. The job id derived from the
 * update id is the second line of defence.
 *
 * The claim says "handling" until the handler has returned, then "done". A bot killed in
 * the middle (after the claim, before the job was enqueued) leaves "handling": the
 * restarted bot handles the update again (from its inbox, see inbox.ts, or from Telegram's
 * redelivery) instead of leaving the user with a press that never ends. Within one bot an
 * update id is handled once (the runner never hands it out twice), so "handling" on a
 * second delivery only remains from a bot that died.
 */
export function dedupeGate(deps: BotDeps): Composer<BotContext> {
  const log = deps.log.child({ module: 'bot:dedupe' });
  const gate = new Composer<BotContext>();
  gate.use(async (ctx, next) => {
    const key = keys.update(ctx.update.update_id);
    let claimed = true;
    try {
      if ((await deps.redis.set(key, 'handling', 'EX', UPDATE_CLAIM_TTL_SEC, 'NX')) !== null) ctx.potion.firstClaim = true;
      else {
        const state = await deps.redis.get(key);
        if (state === 'handling') log.warn({ updateId: ctx.update.update_id }, 'a previous bot stopped while handling this update; handling it again');
        else claimed = false;
      }
    } catch (err) {
      // Redis down: handle the update anyway; the courier tells the user the queue is down.
      log.warn({ err, updateId: ctx.update.update_id }, 'cannot claim the update id in Redis');
    }
    if (!claimed) {
      log.info({ updateId: ctx.update.update_id }, 'ignored a redelivered update');
      return;
    }
    try {
      return await next();
    } finally {
      await deps.redis.set(key, 'done', 'EX', UPDATE_CLAIM_TTL_SEC).catch((err: unknown) => log.warn({ err, updateId: ctx.update.update_id }, 'cannot mark the update as handled'));
    }
  });
  return gate;
}
