/** Telegram's limit for one message text, in UTF-16 code units (what String.length counts). */
export const TG_TEXT_LIMIT = 4096;
/** A text needing more messages than this is sent as a file instead. */
export const MAX_TEXT_PARTS = 4;
/** Size of the preview shown above a text sent as a file. */
export const FILE_PREVIEW_CHARS = 1500;

/**
 * Splits a text into parts of at most `limit` code units, at the last newline that fits
 * (else at a space, else hard), never inside a surrogate pair. Joining the parts with
 * the separators removed gives the text back without loss.
 */
export function splitText(text: string, limit = TG_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    } else {
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** A preview of a long text that fits in one message together with a note above it. */
export function preview(text: string, chars = FILE_PREVIEW_CHARS): string {
  if (text.length <= chars) return text;
  const cut = text.lastIndexOf('\n', chars);
  return `${text.slice(0, cut > chars / 2 ? cut : chars)}\n…`;
}
