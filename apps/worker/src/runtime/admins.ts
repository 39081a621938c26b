import { toHtml, type Text } from '@potion/jobs';
import type { JobContext } from './context.js';

/** Puts an alert for every admin into the outbox (scheduled jobs have no chat of their own). */
export async function alertAdmins(ctx: Pick<JobContext, 'config' | 'producer' | 'now' | 'requestId' | 'jobId'>, text: Text, tag: string, opts: { except?: number; source?: string } = {}): Promise<void> {
  for (const chatId of ctx.config.adminIds) {
    if (chatId === opts.except) continue;
    await ctx.producer.enqueue(
      'notify.send',
      { chatId, text: toHtml(text), kind: 'alert', createdAt: ctx.now() },
      { requestId: ctx.requestId, by: { kind: 'system', name: opts.source ?? 'backup' }, enqueuedAt: ctx.now() },
      { jobId: `alert.${tag}.${ctx.jobId.replace(/[^A-Za-z0-9_.@-]/g, '-')}.${chatId}` },
    );
  }
}
