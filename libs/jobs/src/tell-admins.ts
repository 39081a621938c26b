import { toHtml, type Text } from './format/html.js';
import type { Producer } from './producer.js';
import type { OutboxMessage } from './registry/notify.js';

/**
 * The outbox job id of a message for one admin (decision 032): `<purpose>.<id>.<admin>`.
 * - `purpose` is fixed per call site (`digest`, `power-back`, `mute-end`...), without a dot;
 * - `id` says which occurrence (a day, a request id, a boot time, an alert episode) and must
 *   be the same when the sender is retried or re-run after a crash: the outbox then holds the
 *   job already, and BullMQ does not add it twice;
 * - `admin` is the chat; anything outside `[A-Za-z0-9_.@-]` becomes `_` (BullMQ refuses `:`).
 */
export function adminJobId(purpose: string, id: string | number, admin: number): string {
  return `${purpose}.${id}.${admin}`.replace(/[^A-Za-z0-9_.@-]/g, '_');
}

export interface TellAdminsOptions {
  /** What the message is about, the first part of its job ids (see adminJobId). */
  purpose: string;
  /** Which occurrence: stable across a retry of the sender (see adminJobId). */
  id: string | number;
  /** Plain text (escaped here) or markup made with `html` (sent as is). */
  text: Text;
  kind: OutboxMessage['kind'];
  /** The request id the message is filed under (the job's, or one naming the event). */
  requestId: string;
  /** Who sends it (`worker`, `digest`, `mutes`, `bot`...): the system requester of notify.send. */
  source: string;
  /** Unix ms: when the text was made and queued. */
  now: number;
  silent?: boolean;
  buttons?: OutboxMessage['buttons'];
  /** Also this chat (the one that asked), once, even when it is an admin's. */
  alsoChat?: number;
  /** Not this chat (it reads the same in the job's own result). */
  except?: number;
}

export interface TellAdminsDeps {
  producer: Pick<Producer, 'enqueue'>;
  config: { adminIds: readonly number[] };
}

/**
 * Puts one message for every admin into the outbox (the bot delivers it), one job per chat with
 * the id `<purpose>.<id>.<admin>`. Returns the job ids, in the order queued, for a caller that
 * waits for the delivery (a power action announces itself before the machine goes down).
 */
export async function tellAdmins(deps: TellAdminsDeps, o: TellAdminsOptions): Promise<string[]> {
  const chats = [...new Set([...deps.config.adminIds, ...(o.alsoChat !== undefined ? [o.alsoChat] : [])])].filter((c) => c !== o.except);
  const ids: string[] = [];
  for (const chatId of chats) {
    const jobId = adminJobId(o.purpose, o.id, chatId);
    await deps.producer.enqueue(
      'notify.send',
      { chatId, text: toHtml(o.text), kind: o.kind, createdAt: o.now, ...(o.silent ? { silent: true } : {}), ...(o.buttons?.length ? { buttons: o.buttons } : {}) },
      { requestId: o.requestId, by: { kind: 'system', name: o.source }, enqueuedAt: o.now },
      { jobId },
    );
    ids.push(jobId);
  }
  return ids;
}
