import { parseTelegramHtml, type FakeEntity } from './fake-telegram-html.js';
import { BOT_USER, type FakeMessage } from './fake-telegram-types.js';

/** The chats' messages and ids the message methods work on (owned by FakeTelegram). */
export interface FakeChats {
  messages: Map<number, FakeMessage>;
  nextMessageId: () => number;
  botId: number;
  requireHtml: boolean;
}

export type ApiAnswer = { ok: unknown } | { error: number; description: string };

/** Telegram's limit: 1-4096 characters of text after entities parsing (captions: 1024). */
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

/** A text or caption as Telegram reads it: parsed when parse_mode is HTML, refused like Telegram when broken. */
function readText(chats: FakeChats, raw: string, parseMode: unknown): { text: string; entities: FakeEntity[]; html?: string } | { error: number; description: string } {
  if (parseMode === undefined && chats.requireHtml && raw !== '') {
    return { error: 400, description: 'Bad Request: fake Telegram: parse_mode HTML expected (every message of this project is HTML)' };
  }
  if (parseMode === undefined) return { text: raw, entities: [] };
  if (parseMode !== 'HTML') return { error: 400, description: `Bad Request: fake Telegram: parse_mode ${String(parseMode)} is not used by this project` };
  const parsed = parseTelegramHtml(raw);
  if (!parsed.ok) return { error: 400, description: parsed.description };
  return { text: parsed.text, entities: parsed.entities, html: raw };
}

const from = (chats: FakeChats) => ({ ...BOT_USER, id: chats.botId });
const shownOf = (r: { text: string; entities: FakeEntity[]; html?: string }) => ({ text: r.text, entities: r.entities, ...(r.html !== undefined ? { html: r.html } : {}) });

/** sendMessage, sendDocument, sendPhoto, editMessageText and deleteMessage on the fake's chats. */
export function messageMethod(chats: FakeChats, method: string, p: Record<string, unknown>): ApiAnswer | undefined {
  const date = Math.floor(Date.now() / 1000);
  const chatId = Number(p.chat_id);
  switch (method) {
    case 'deleteMessage': {
      if (!chats.messages.delete(Number(p.message_id))) return { error: 400, description: 'Bad Request: message to delete not found' };
      return { ok: true };
    }
    case 'sendPhoto': {
      const photo = p.photo as { file_name: string; bytes: Buffer } | undefined;
      if (!photo || typeof photo !== 'object' || !Buffer.isBuffer(photo.bytes)) return { error: 400, description: 'Bad Request: there is no photo in the request' };
      const read = readText(chats, String(p.caption ?? ''), p.caption === undefined ? undefined : p.parse_mode);
      if ('error' in read) return read;
      if (read.text.length > CAPTION_LIMIT) return { error: 400, description: 'Bad Request: message caption is too long' };
      const msg: FakeMessage = { message_id: chats.nextMessageId(), chatId, ...shownOf(read), history: [read.text], photo: { file_name: photo.file_name, bytes: photo.bytes } };
      chats.messages.set(msg.message_id, msg);
      const sizes = [{ file_id: `p${msg.message_id}`, file_unique_id: `q${msg.message_id}`, width: 320, height: 260, file_size: photo.bytes.length }];
      return { ok: { message_id: msg.message_id, from: from(chats), chat: { id: chatId, type: 'private' }, date, photo: sizes, ...(read.text ? { caption: read.text, caption_entities: read.entities } : {}) } };
    }
    case 'sendMessage':
    case 'sendDocument': {
      const isText = method === 'sendMessage';
      const raw = isText ? String(p.text ?? '') : String(p.caption ?? '');
      const read = readText(chats, raw, isText || p.caption !== undefined ? p.parse_mode : undefined);
      if ('error' in read) return read;
      if (isText && (read.text.length === 0 || read.text.length > TEXT_LIMIT)) {
        return { error: 400, description: read.text.length ? 'Bad Request: message is too long' : 'Bad Request: message text is empty' };
      }
      if (!isText && read.text.length > CAPTION_LIMIT) return { error: 400, description: 'Bad Request: message caption is too long' };
      const doc = isText ? undefined : (p.document as { file_name: string; content: string } | undefined);
      if (!isText && (!doc || typeof doc !== 'object')) return { error: 400, description: 'Bad Request: there is no document in the request' };
      const msg: FakeMessage = { message_id: chats.nextMessageId(), chatId, ...shownOf(read), history: [read.text], ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}), ...(doc ? { document: doc } : {}) };
      chats.messages.set(msg.message_id, msg);
      const content = doc
        ? { document: { file_id: `f${msg.message_id}`, file_unique_id: `u${msg.message_id}`, file_name: doc.file_name, file_size: doc.content.length }, ...(read.text ? { caption: read.text, caption_entities: read.entities } : {}) }
        : { text: read.text, ...(read.entities.length ? { entities: read.entities } : {}) };
      return { ok: { message_id: msg.message_id, from: from(chats), chat: { id: chatId, type: 'private' }, date, ...content, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) } };
    }
    case 'editMessageText': {
      const id = Number(p.message_id);
      const msg = chats.messages.get(id);
      if (!msg || msg.chatId !== chatId) return { error: 400, description: 'Bad Request: message to edit not found' };
      const read = readText(chats, String(p.text ?? ''), p.parse_mode);
      if ('error' in read) return read;
      if (read.text.length === 0 || read.text.length > TEXT_LIMIT) return { error: 400, description: 'Bad Request: MESSAGE_TOO_LONG' };
      const same = msg.text === read.text && JSON.stringify(msg.entities) === JSON.stringify(read.entities);
      if (same && JSON.stringify(msg.reply_markup ?? null) === JSON.stringify(p.reply_markup ?? null)) {
        return { error: 400, description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message' };
      }
      Object.assign(msg, shownOf(read));
      if (read.html === undefined) delete msg.html;
      msg.history.push(read.text);
      if (p.reply_markup) msg.reply_markup = p.reply_markup;
      else delete msg.reply_markup;
      return { ok: { message_id: id, from: from(chats), chat: { id: msg.chatId, type: 'private' }, date, edit_date: date, text: read.text, ...(read.entities.length ? { entities: read.entities } : {}) } };
    }
    default:
      return undefined;
  }
}
