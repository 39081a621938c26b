import { readFileSync } from 'node:fs';

/** Reads a real-output sample from libs/adapters/samples (tests run from dist/). */
export function sample(name: string): string {
  return readFileSync(new URL(`../samples/${name}`, import.meta.url), 'utf8');
}
