import { htmlToText, tokenizeHtml, type HtmlToken } from '@potion/jobs';

/**
 * Telegram's limit for one message: 4096 characters of the text *after* entities are parsed
 * (what the user sees; tags do not count, `&lt;` counts as one). Counted in UTF-16 code
 * units, what String.length counts.
 */
export const TG_TEXT_LIMIT = 4096;
/** A text needing more messages than this is sent as a file instead. */
export const MAX_TEXT_PARTS = 4;
/** Size of the preview shown above a text sent as a file. */
export const FILE_PREVIEW_CHARS = 1500;

type Open = Extract<HtmlToken, { kind: 'open' }>;

const closeAll = (open: readonly Open[]): string =>
  open
    .map((t) => `</${t.name}>`)
    .reverse()
    .join('');
const reopen = (open: readonly Open[]): string => open.map((t) => t.raw).join('');

/** The tags open after `t` (a tag closes the innermost open tag of its name). */
function step(open: Open[], t: HtmlToken): Open[] {
  if (t.kind === 'open') return [...open, t];
  if (t.kind === 'close') {
    const i = open.map((o) => o.name).lastIndexOf(t.name);
    return i < 0 ? open : [...open.slice(0, i), ...open.slice(i + 1)];
  }
  return open;
}

/**
 * Splits Telegram HTML into parts of at most `limit` shown characters, at the last newline
 * that fits (else at a space, else hard), never inside a tag, an entity or a surrogate pair.
 * Each part is valid markup on its own: tags open at a cut are closed at the end of the part
 * and opened again at the start of the next (a long `<pre>` stays `<pre>` in every part).
 * The shown texts of the parts, joined with the dropped separators, give the text back.
 */
export function splitText(markup: string, limit = TG_TEXT_LIMIT): string[] {
  const tokens = tokenizeHtml(markup);
  const parts: string[] = [];
  let start = 0;
  let openAtStart: Open[] = [];
  for (;;) {
    let shown = 0;
    let open = openAtStart;
    let cut: { at: number; skip: number; open: Open[] } | undefined;
    let newline: { at: number; shown: number; open: Open[] } | undefined;
    let space: { at: number; shown: number; open: Open[] } | undefined;
    let i = start;
    for (; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'char') {
        open = step(open, t);
        continue;
      }
      if (shown + t.shown.length > limit) break;
      if (t.shown === '\n') newline = { at: i, shown, open };
      else if (t.shown === ' ') space = { at: i, shown, open };
      shown += t.shown.length;
    }
    if (i >= tokens.length) {
      // Only closing tags left after the last cut: nothing to show, no part (an empty one is refused).
      if (parts.length > 0 && !tokens.slice(start).some((t) => t.kind === 'char')) return parts;
      parts.push(reopen(openAtStart) + tokens.slice(start).map((t) => t.raw).join(''));
      return parts;
    }
    if (newline && newline.shown >= limit / 2) cut = { at: newline.at, skip: 1, open: newline.open };
    else if (space && space.shown >= limit / 2) cut = { at: space.at, skip: 1, open: space.open };
    else cut = { at: i, skip: 0, open };
    parts.push(
      reopen(openAtStart) +
        tokens
          .slice(start, cut.at)
          .map((t) => t.raw)
          .join('') +
        closeAll(cut.open),
    );
    start = cut.at + cut.skip;
    openAtStart = cut.open;
  }
}

/** How long the text is as the user sees it (what the limit counts). */
export const shownLength = (markup: string): number => htmlToText(markup).length;

/** A preview of a long text (markup) that fits in one message together with a note above it. */
export function preview(markup: string, chars = FILE_PREVIEW_CHARS): string {
  const parts = splitText(markup, chars);
  return parts.length > 1 ? `${parts[0]}\n…` : markup;
}
