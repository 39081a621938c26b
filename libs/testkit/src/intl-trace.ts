/**
 * A preload (`node --import <INTL_TRACE_PRELOAD> main.js`) that records every call which maps
 * ICU's data into the process (docs/decisions/052-no-icu-on-the-normal-path.md): the Intl
 * constructors, the toLocale*String methods and localeCompare. Each kind is written once, with
 * the stack of its first call, to the file named by INTL_TRACE_FILE (default: intl-trace-<pid>.log
 * in the temp folder, for a process whose environment the caller does not set, as a benchmark's
 * worker); no file means no call.
 * Not traced: toLocaleLowerCase/UpperCase and normalize, which do not load the ICU data tables
 * (measured: < 0.5 MB RSS, the same as a plain string method).
 */
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const file = process.env.INTL_TRACE_FILE || join(tmpdir(), `intl-trace-${process.pid}.log`);
installTrace();

function installTrace(): void {
  const seen = new Set<string>();
  const note = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const stack = (new Error().stack ?? '').split('\n').slice(3, 12).join('\n');
    appendFileSync(file, `INTLTRACE ${name}\n${stack}\n`);
  };
  const ctors = ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'Segmenter', 'RelativeTimeFormat', 'ListFormat', 'Locale', 'DisplayNames'] as const;
  const intl = Intl as unknown as Record<string, object | undefined>;
  for (const name of ctors) {
    const original = intl[name];
    if (typeof original !== 'function') continue;
    intl[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        note(`Intl.${name}`);
        return Reflect.construct(target as new (...a: unknown[]) => object, args, newTarget);
      },
      apply(target, self, args) {
        note(`Intl.${name}`);
        return Reflect.apply(target as (...a: unknown[]) => unknown, self, args);
      },
    });
  }
  const wrap = (proto: object, method: string, label: string): void => {
    const p = proto as Record<string, unknown>;
    const original = p[method] as (...a: unknown[]) => unknown;
    p[method] = function traced(this: unknown, ...args: unknown[]) {
      note(label);
      return original.apply(this, args);
    };
  };
  wrap(Number.prototype, 'toLocaleString', 'Number.toLocaleString');
  wrap(BigInt.prototype, 'toLocaleString', 'BigInt.toLocaleString');
  wrap(Date.prototype, 'toLocaleString', 'Date.toLocaleString');
  wrap(Date.prototype, 'toLocaleDateString', 'Date.toLocaleDateString');
  wrap(Date.prototype, 'toLocaleTimeString', 'Date.toLocaleTimeString');
  wrap(Array.prototype, 'toLocaleString', 'Array.toLocaleString');
  wrap(String.prototype, 'localeCompare', 'String.localeCompare');
}
