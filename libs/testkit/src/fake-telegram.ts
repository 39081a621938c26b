import { messageMethod, type ApiAnswer } from './fake-telegram-api.js';
import { FakeTelegramServer } from './fake-telegram-server.js';
import { BOT_USER, type FakeMessage, type FakeTelegramOptions } from './fake-telegram-types.js';

export type { FakeCall, FakeMessage, FakeMode, FakeTelegramOptions } from './fake-telegram-types.js';
export type { FakeEntity } from './fake-telegram-html.js';

/**
 * A small fake Telegram Bot API server for tests and benchmarks: enough of getMe,
 * getUpdates (long polling), sendMessage, editMessageText, answerCallbackQuery,
 * sendDocument, sendPhoto, setMyCommands, deleteMessage and deleteWebhook for a real grammY bot.
 * It records every call, keeps the chats' messages as Telegram shows them (HTML parsed into
 * text and entities, broken markup refused with "can't parse entities"), lets a test press
 * buttons or type as a user, and fails on demand (fake-telegram-server.ts).
 */
export class FakeTelegram extends FakeTelegramServer {
  readonly messages = new Map<number, FakeMessage>();
  #nextMessageId = 1;

  constructor(opts: FakeTelegramOptions) {
    super(opts);
  }

  /**
   * Builds (without queueing) the update of a user typing or pressing a reply-keyboard
   * button; `dateMs` is when the user sent it (default now; Telegram keeps seconds).
   */
  typedUpdate(userId: number, text: string, dateMs = Date.now()): Record<string, unknown> {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
    return {
      message: {
        message_id: this.#nextMessageId++,
        from: { id: userId, is_bot: false, first_name: `User${userId}`, language_code: 'id' },
        chat: { id: userId, type: 'private', first_name: `User${userId}` },
        date: Math.floor(dateMs / 1000),
        text,
        ...(entities ? { entities } : {}),
      },
    };
  }

  /** The user types (or presses a reply-keyboard button, which sends its label as text). */
  type(userId: number, text: string): number {
    return this.inject(this.typedUpdate(userId, text));
  }

  /** The user presses an inline button with this callback data under a message of the bot. */
  press(userId: number, messageId: number, data: string): number {
    const m = this.messages.get(messageId);
    return this.inject({
      callback_query: {
        id: `cb${this.upcomingUpdateId}`,
        from: { id: userId, is_bot: false, first_name: `User${userId}` },
        chat_instance: `ci${userId}`,
        data,
        message: {
          message_id: messageId,
          from: { ...BOT_USER, id: this.botId },
          chat: { id: m?.chatId ?? userId, type: 'private' },
          date: Math.floor(Date.now() / 1000),
          text: m?.text ?? '',
          ...(m?.reply_markup ? { reply_markup: m.reply_markup } : {}),
        },
      },
    });
  }

  /** Messages of one chat, in the order they were sent. */
  chat(chatId: number): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId);
  }

  /** Inline button callback data of a message, flattened. */
  buttons(messageId: number): Array<{ text: string; data: string }> {
    const markup = this.messages.get(messageId)?.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
    return (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data ?? '' }));
  }

  protected answer(method: string, p: Record<string, unknown>): ApiAnswer {
    switch (method) {
      case 'getMe':
        return { ok: { ...BOT_USER, id: this.botId } };
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return { ok: true };
      default:
        return (
          messageMethod({ messages: this.messages, nextMessageId: () => this.#nextMessageId++, botId: this.botId, requireHtml: this.opts.requireHtml ?? true }, method, p) ?? {
            error: 404,
            description: 'Not Found: method not found',
          }
        );
    }
  }
}

/** A token the config accepts (digits, colon, 35 characters). */
export const FAKE_BOT_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijkl';

export async function startFakeTelegram(opts: Partial<FakeTelegramOptions> = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegram({ token: opts.token ?? FAKE_BOT_TOKEN, ...(opts.port !== undefined ? { port: opts.port } : {}) });
  await fake.start();
  return fake;
}
