import { texts } from '@potion/jobs';
import type { FakeTelegram } from '@potion/testkit';
import { jsonLines } from '../fault-harness.js';

const FINAL = new Set(['ok', 'failed', 'refused', 'interrupted']);

/** Final outcome lines (ok, failed, refused, interrupted) of one request id in actions.log. */
export function finalAuditLines(auditPath: string, requestId: string): Array<Record<string, unknown>> {
  return jsonLines(auditPath).filter((l) => l.requestId === requestId && FINAL.has(String(l.outcome)));
}

/**
 * The bot's pending messages in a chat and what became of each: `finals` are the texts it
 * was edited to after the pending text (exactly one when the user was told once).
 */
export function pendingMessages(fake: FakeTelegram, chatId: number): Array<{ messageId: number; finals: string[] }> {
  return fake
    .chat(chatId)
    .filter((m) => m.history[0] === texts.PROCESSING)
    .map((m) => ({ messageId: m.message_id, finals: m.history.slice(1).filter((t) => !t.startsWith(texts.PROCESSING)) }));
}
