/**
 * What Telegram does with a text sent with `parse_mode: 'HTML'`: the text the user sees and
 * its entities, or the 400 "can't parse entities" Telegram answers. Written from the Bot API's
 * rules ("Formatting options", HTML style), on purpose apart from the code under test.
 * Stricter than Telegram in one way: a `&` that starts no entity is refused (the API says
 * every `&` outside an entity must be written `&amp;`), so an escaping miss shows in a test.
 */
export interface FakeEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

export type ParsedHtml = { ok: true; text: string; entities: FakeEntity[] } | { ok: false; description: string };

const TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const fail = (why: string, at: number): ParsedHtml => ({ ok: false, description: `Bad Request: can't parse entities: ${why} at byte offset ${at}` });

/** Parses Telegram HTML the way the Bot API does (see the file comment for the one difference). */
export function parseTelegramHtml(src: string): ParsedHtml {
  let text = '';
  const entities: FakeEntity[] = [];
  const open: Array<{ name: string; start: number; attrs: string }> = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const at = Buffer.byteLength(src.slice(0, i));
    if (c === '&') {
      const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/.exec(src.slice(i, i + 16));
      const body = m?.[1];
      let ch: string | undefined;
      const point = body?.startsWith('#x') || body?.startsWith('#X') ? Number.parseInt(body.slice(2), 16) : body?.startsWith('#') ? Number.parseInt(body.slice(1), 10) : undefined;
      if (point !== undefined) ch = point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : undefined;
      else if (body) ch = NAMED[body];
      if (!m || ch === undefined) return fail('Unsupported HTML entity (write & as &amp;)', at);
      text += ch;
      i += m[0].length;
      continue;
    }
    if (c === '>') {
      text += c;
      i += 1;
      continue;
    }
    if (c !== '<') {
      text += c;
      i += 1;
      continue;
    }
    const end = src.indexOf('>', i);
    if (end < 0) return fail('Unclosed start tag', at);
    const inner = src.slice(i + 1, end);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (!top) return fail('Unexpected end tag', at);
      if (top.name !== name) return fail(`Unmatched end tag, expected "</${top.name}>", found "</${name}>"`, at);
      const length = text.length - top.start;
      if (length > 0) {
        const e: FakeEntity = { type: TAGS[name]!, offset: top.start, length };
        const href = /href\s*=\s*"([^"]*)"/.exec(top.attrs)?.[1];
        if (name === 'a' && href) e.url = href;
        const lang = /class\s*=\s*"language-([^"]+)"/.exec(top.attrs)?.[1];
        if (name === 'code' && lang && open.at(-1)?.name === 'pre') {
          const pre = entities.find((x) => x.type === 'pre' && x.offset === open.at(-1)!.start);
          if (pre) pre.language = lang;
        }
        entities.push(e);
      }
      i = end + 1;
      continue;
    }
    const m = /^([a-zA-Z][a-zA-Z0-9-]*)(\s[^]*)?$/.exec(inner);
    const name = m?.[1]?.toLowerCase() ?? '';
    if (!m || !(name in TAGS)) return fail(`Unsupported start tag "${name || inner.slice(0, 10)}"`, at);
    if (name === 'span' && !/class\s*=\s*"tg-spoiler"/.test(m[2] ?? '')) return fail('Tag "span" must have class "tg-spoiler"', at);
    const parent = open.at(-1)?.name;
    if ((parent === 'code' || parent === 'pre') && !(parent === 'pre' && name === 'code')) return fail(`Entities inside "${parent}" are not supported`, at);
    open.push({ name, start: text.length, attrs: m[2] ?? '' });
    i = end + 1;
  }
  if (open.length) return { ok: false, description: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)!.name}"` };
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text, entities };
}

/** The shown text and entities of a call's `text` (or `caption`), for the call record. */
export function shownOfCall(params: Record<string, unknown>): { text?: string; entities?: FakeEntity[] } {
  const raw = typeof params.text === 'string' ? params.text : typeof params.caption === 'string' ? params.caption : undefined;
  if (raw === undefined) return {};
  if (params.parse_mode !== 'HTML') return { text: raw, entities: [] };
  const parsed = parseTelegramHtml(raw);
  return parsed.ok ? { text: parsed.text, entities: parsed.entities } : { text: raw, entities: [] };
}

/** What Telegram shows for a text of ours (plain or markup): what a test compares a message with. */
export function shownText(t: string | { markup: string }): string {
  if (typeof t === 'string') return t;
  const parsed = parseTelegramHtml(t.markup);
  if (!parsed.ok) throw new Error(parsed.description);
  return parsed.text;
}
