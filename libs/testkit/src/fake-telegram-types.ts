import type { ServerResponse } from 'node:http';
import type { FakeEntity } from './fake-telegram-html.js';

/** One API call the bot made, as the fake server received it. */
export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  /** performance.now() when the request body was read. */
  at: number;
  /**
   * The call's text or caption as the user sees it: its HTML parsed like Telegram does
   * (parse_mode HTML), else as sent. Undefined when the call has no text.
   */
  text?: string;
  /** The entities (bold, code, pre...) of `text`. */
  entities?: FakeEntity[];
  /** What the server answered (undefined while hanging or when the socket was cut). */
  status?: number;
  /** The `result` of a successful answer (the sent Message, true, ...). */
  result?: unknown;
}

export interface FakeMessage {
  message_id: number;
  chatId: number;
  /** What the user sees: the text (or caption) after Telegram parsed its HTML. */
  text: string;
  /** The markup the bot sent (parse_mode HTML), as sent. */
  html?: string;
  /** Bold, code, pre... of `text`, as Telegram reports them. */
  entities: FakeEntity[];
  reply_markup?: unknown;
  /** Every text this message showed, oldest first (sent, then each edit). */
  history: string[];
  document?: { file_name: string; content: string };
  /** A photo the bot sent (sendPhoto), with its exact bytes. */
  photo?: { file_name: string; bytes: Buffer };
}

/** How the server answers right now. */
export type FakeMode =
  | { kind: 'up' }
  /** The port is closed: connection refused. */
  | { kind: 'down' }
  /** Requests are read and never answered (except the methods listed, e.g. getUpdates). */
  | { kind: 'hang'; except?: readonly string[] }
  | { kind: 'error'; status: 429 | 500 | 502; retryAfter?: number };

export interface FakeTelegramOptions {
  /** The token the bot must use; other tokens get 401. */
  token: string;
  /** Fixed port (default: a free one). */
  port?: number;
  /**
   * Refuse a text or caption sent without `parse_mode: 'HTML'` (this project sends every
   * message as HTML, docs/decisions/033). Default true; Telegram itself would accept it.
   */
  requireHtml?: boolean;
}

export const BOT_USER = { id: 0, is_bot: true, first_name: 'Potion', username: 'potion_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

/** A long poll (getUpdates) waiting for updates. */
export interface Waiter {
  offset: number;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}
