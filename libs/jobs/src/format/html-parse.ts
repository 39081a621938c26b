/**
 * Reading our own Telegram HTML back: the text the user sees (entities decoded, tags
 * dropped) and a token stream the splitter cuts without breaking a tag or an entity.
 * Only what `html.ts` writes needs to be understood: known tags without attributes, the
 * four named entities Telegram knows and numeric ones.
 */
export type HtmlToken =
  | { kind: 'open'; name: string; raw: string }
  | { kind: 'close'; name: string; raw: string }
  /** One code point of text; `raw` is how it is written (maybe an entity), `shown` what it shows. */
  | { kind: 'char'; raw: string; shown: string };

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const TAG = /^<(\/?)([a-z][a-z0-9-]*)(\s[^>]*)?>/i;
/** The tags Telegram's HTML mode knows. */
const KNOWN = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'tg-spoiler', 'span', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const ENTITY = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i;

function decodeEntity(body: string): string | undefined {
  const point = body.startsWith('#x') || body.startsWith('#X') ? parseInt(body.slice(2), 16) : body.startsWith('#') ? parseInt(body.slice(1), 10) : undefined;
  if (point !== undefined) return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : undefined;
  return NAMED[body.toLowerCase()];
}

/** Splits markup into tags and characters. Throws on a bare `<` or `&` or an unknown tag (not our markup). */
export function tokenizeHtml(markup: string): HtmlToken[] {
  const out: HtmlToken[] = [];
  let i = 0;
  while (i < markup.length) {
    const rest = markup.slice(i, i + 200);
    if (markup[i] === '<') {
      const m = TAG.exec(rest);
      const name = m?.[2]?.toLowerCase();
      if (!m || !name || !KNOWN.has(name)) throw new Error(`bare "<" or unknown tag at ${i}`);
      out.push({ kind: m[1] ? 'close' : 'open', name, raw: m[0] });
      i += m[0].length;
      continue;
    }
    if (markup[i] === '&') {
      const m = ENTITY.exec(rest);
      const shown = m ? decodeEntity(m[1]!) : undefined;
      if (!m || shown === undefined) throw new Error(`bare "&" at ${i}`);
      out.push({ kind: 'char', raw: m[0], shown });
      i += m[0].length;
      continue;
    }
    const cp = markup.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    out.push({ kind: 'char', raw: ch, shown: ch });
    i += ch.length;
  }
  return out;
}

/** What Telegram shows for this markup: for a file, a callback answer, a length. */
export function htmlToText(markup: string): string {
  return tokenizeHtml(markup)
    .map((t) => (t.kind === 'char' ? t.shown : ''))
    .join('');
}
