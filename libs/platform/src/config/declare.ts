import { z } from 'zod';
import { unitName } from '../unit-name.js';

/**
 * One environment variable, declared once: everything else (the parser, the fix shown in a
 * ConfigError, CONFIG_VARIABLES, the secrets to scrub, the `Config` type) is derived from it.
 */
export interface EnvVar<S extends z.ZodType = z.ZodType> {
  /** Parses the trimmed text (the default's text when unset). Output typed: derives Config. */
  schema: S;
  /**
   * The text used when the variable is unset or empty, as one would write it in `.env`
   * (`.env.example` shows the same). Absent: unset stays undefined (the schema is optional).
   */
  default?: string;
  /** The "Fix:" of a ConfigError. Absent: "correct the value or remove it to use the default". */
  fix?: string;
  /** Scrubbed from logs and pages: the value itself, or the password of a URL. */
  secret?: 'value' | 'url-password';
  /** One line: what the variable sets. */
  description: string;
}

export type EnvTable = Record<string, EnvVar>;

/** Declares one variable; keeps its exact type (schema, secret) for the derived types. */
export const envVar = <const D extends EnvVar>(d: D): D => d;

/** The parsed values of a table, by variable name. */
export type EnvOf<T extends EnvTable> = { [K in keyof T]: z.output<T[K]['schema']> };

export const csv = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

/** A whole number within [min, max]. */
export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** true/false, 1/0, yes/no. */
export const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((s) => ['true', '1', 'yes'].includes(s));

/** A daily time HH:MM; the example goes into the message. */
export const hhmm = (example: string) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, `must be a time HH:MM such as ${example}`);

export const idList = z.string().transform((s, ctx): readonly number[] => {
  const parts = csv(s);
  // Every bad entry at once: fixing them one start at a time is a slow loop for a beginner.
  const bad = parts.filter((part) => !/^-?\d{1,16}$/.test(part)).map((part) => `"${part}"`);
  if (bad.length > 0) {
    const named = bad.length === 1 ? bad[0] : `${bad.slice(0, -1).join(', ')} and ${bad.at(-1)}`;
    ctx.addIssue({ code: 'custom', message: `${named} ${bad.length === 1 ? 'is not a numeric Telegram user id' : 'are not numeric Telegram user ids'}` });
    return z.NEVER;
  }
  return parts.map(Number);
});

export const unitList = z.string().transform((s, ctx): readonly string[] => {
  const units = csv(s);
  for (const u of units) {
    const r = unitName.safeParse(u);
    if (!r.success) {
      ctx.addIssue({ code: 'custom', message: `"${u}": ${r.error.issues[0]?.message ?? 'invalid'}` });
      return z.NEVER;
    }
  }
  return [...new Set(units)];
});

export const pathList = z.string().transform((s, ctx): readonly string[] => {
  const dirs = csv(s);
  for (const d of dirs) {
    if (!d.startsWith('/') || d.includes('\0') || /(^|\/)\.\.(\/|$)/.test(d)) {
      ctx.addIssue({ code: 'custom', message: `"${d}" is not an absolute folder path without ".."` });
      return z.NEVER;
    }
  }
  return [...new Set(dirs.map((d) => (d.length > 1 ? d.replace(/\/+$/, '') : d)))];
});

/** A URL, or "off" to switch the feature off (undefined). */
export const urlOrOff = z
  .string()
  .refine((s) => s === 'off' || /^https?:\/\/\S+$/.test(s), 'must be an http(s) URL or "off"')
  .transform((s) => (s === 'off' ? undefined : s));

/** A problem found across variables after each parsed on its own. */
export interface CrossCheck {
  problem: { variable: string; problem: string; fix: string };
  /** The variables whose source (environment or file) the message names. */
  blame: readonly string[];
}
