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
 */
export function dedupeGate(deps: BotDeps): Composer<BotContext> {
  const log = deps.log.child({ module: 'bot:dedupe' });
  const gate = new Composer<BotContext>();
  gate.use(async (ctx, next) => {
    let claimed: string | null = 'OK';
    try {
      claimed = await deps.redis.set(keys.update(ctx.update.update_id), '1', 'EX', UPDATE_CLAIM_TTL_SEC, 'NX');
    } catch (err) {
      // Redis down: handle the update anyway; the courier tells the user the queue is down.
      log.warn({ err, updateId: ctx.update.update_id }, 'cannot claim the update id in Redis');
    }
    if (claimed === null) {
      log.info({ updateId: ctx.update.update_id }, 'ignored a redelivered update');
      return;
    }
    return next();
  });
  return gate;
}
