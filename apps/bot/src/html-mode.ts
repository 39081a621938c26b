import type { Transformer } from 'grammy';

/** Calls whose text is parsed as HTML: every text the bot sends or edits. */
const TEXT_METHODS = new Set(['sendMessage', 'editMessageText']);
/** Calls that may carry a caption (parsed as HTML when there is one). */
const CAPTION_METHODS = new Set(['sendDocument', 'sendPhoto', 'editMessageCaption']);

/**
 * Every message the bot sends is Telegram HTML (docs/decisions/033): this sets
 * `parse_mode: 'HTML'` on each text and caption, so no call site can forget it. The text
 * itself must be markup: `toHtml(...)` of a plain text, or built with `html`. Button labels
 * and callback answers are plain text and are not touched.
 */
export function htmlParseMode(): Transformer {
  return (prev, method, payload, signal) => {
    const p = payload as Record<string, unknown>;
    const wants = TEXT_METHODS.has(method) || (CAPTION_METHODS.has(method) && typeof p.caption === 'string');
    if (!wants || p.parse_mode !== undefined) return prev(method, payload, signal);
    return prev(method, { ...p, parse_mode: 'HTML' } as typeof payload, signal);
  };
}
