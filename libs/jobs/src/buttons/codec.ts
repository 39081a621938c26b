import type { z } from 'zod';

/** Telegram refuses callback data longer than 64 bytes. */
export const MAX_CALLBACK_BYTES = 64;

/**
 * One family of inline buttons: the worker or the bot builds the data with `build`, the bot's
 * handler reads it back with `parse`. Both halves live here so they cannot drift apart.
 */
export interface ButtonCodec<F extends string, V> {
  /** The first part of the data (`bk`, `status`...), before the first `:`. */
  readonly family: F;
  /** Matches every data of the family (`^bk:`): what a bot handler listens to. */
  readonly pattern: RegExp;
  /** The callback data for `value`. Throws when it would not fit in 64 bytes (a programming error). */
  build(value: V): string;
  /** The callback data for `value`, or undefined when it would not fit (a long unit name, alert id...): leave that button out. */
  tryBuild(value: V): string | undefined;
  /** The value the data stands for, or undefined for data that is forged, stale or malformed. */
  parse(data: string | undefined): V | undefined;
}

export interface CodecOptions<F extends string, V> {
  family: F;
  /** The parts after `<family>:`, in order (strings without `:` unless the parser rejoins them). */
  toParts(value: V): ReadonlyArray<string | number>;
  /** Reads the parts after `<family>:` (split at every `:`); fails for anything else. */
  schema: z.ZodType<V>;
}

/** Short printable ASCII only: a forged button with spaces, control bytes or 65 bytes is refused before the schema. */
function plausible(data: string | undefined): data is string {
  return data !== undefined && Buffer.byteLength(data) <= MAX_CALLBACK_BYTES && /^[\x21-\x7e]+$/.test(data);
}

/** A codec whose data is `<family>:<part>:<part>...`. */
export function defineCodec<const F extends string, V>(o: CodecOptions<F, V>): ButtonCodec<F, V> {
  const prefix = `${o.family}:`;
  const tryBuild = (value: V): string | undefined => {
    const data = prefix + o.toParts(value).join(':');
    return Buffer.byteLength(data) <= MAX_CALLBACK_BYTES ? data : undefined;
  };
  return {
    family: o.family,
    pattern: new RegExp(`^${o.family}:`),
    tryBuild,
    build(value) {
      const data = tryBuild(value);
      if (data === undefined) throw new RangeError(`${o.family} button data would be longer than ${MAX_CALLBACK_BYTES} bytes`);
      return data;
    },
    parse(data) {
      if (!plausible(data) || !data.startsWith(prefix)) return undefined;
      const r = o.schema.safeParse(data.slice(prefix.length).split(':'));
      return r.success ? r.data : undefined;
    },
  };
}
