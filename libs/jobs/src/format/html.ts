/**
 * Telegram HTML (parse_mode HTML), the one formatting layer of every message the bot or the
 * worker sends. A plain `string` is text as the user reads it; an `Html` is markup. The
 * `html` tag escapes every interpolated plain string, so a log line, a search word or a
 * service's error can never open a tag or break the message ("can't parse entities").
 */
export class Html {
  readonly #markup: string;
  private constructor(markup: string) {
    this.#markup = markup;
  }
  /**
   * Markup this code made earlier and stored as a string (an alert text in Redis, an outbox
   * payload). Never for text someone typed or a command printed: that goes through `html`.
   */
  static trusted(markup: string): Html {
    return new Html(markup);
  }
  get markup(): string {
    return this.#markup;
  }
  toString(): string {
    return this.#markup;
  }
}

/** What a text function may return: plain text (escaped when sent) or markup. */
export type Text = string | Html;

/** `<`, `>` and `&` as entities: what Telegram's HTML mode needs outside tags. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The markup to send: an `Html` as it is, a plain string escaped. */
export function toHtml(t: Text): string {
  return t instanceof Html ? t.markup : escapeHtml(t);
}

/** Markup with every interpolation escaped, unless it is `Html` already. */
export function html(strings: TemplateStringsArray, ...values: ReadonlyArray<Text | number>): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += (typeof v === 'number' ? String(v) : toHtml(v)) + (strings[i + 1] ?? '');
  });
  return Html.trusted(out);
}

/** Joins texts (plain or markup) into one markup. */
export function joinHtml(parts: readonly Text[], separator: Text = '\n'): Html {
  return Html.trusted(parts.map(toHtml).join(toHtml(separator)));
}

/** Bold: the PRD's `*YA*`. */
export const bold = (t: Text): Html => html`<b>${t}</b>`;
/** A command or path the user may type: "`sudo mount -a`" in the PRD. */
export const code = (t: Text): Html => html`<code>${t}</code>`;
/** A block kept as is (log lines, listings), monospace. */
export const pre = (t: Text): Html => html`<pre>${t}</pre>`;
