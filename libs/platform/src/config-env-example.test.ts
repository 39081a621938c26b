import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CONFIG_VARIABLES, declaration } from './config/table.js';

// libs/platform/dist/config-env-example.test.js -> the repository root.
const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');

/** Every `NAME=value` or `#NAME=value` line of .env.example, in file order. */
const lines = example
  .split('\n')
  .map((line) => /^#?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ name: m[1]!, value: m[2]! }));

describe('.env.example follows the declared variables (config/*.ts)', () => {
  it('names every declared variable once, and nothing else', () => {
    const named = lines.map((l) => l.name);
    const twice = named.filter((n, i) => named.indexOf(n) !== i);
    assert.deepEqual(twice, [], 'named more than once');
    assert.deepEqual(named.filter((n) => !(CONFIG_VARIABLES as readonly string[]).includes(n)), [], 'in .env.example but not declared');
    assert.deepEqual(CONFIG_VARIABLES.filter((n) => !named.includes(n)), [], 'declared but missing from .env.example');
  });

  it('shows the declared default wherever a variable has a non-empty one', () => {
    const wrong = lines
      .filter((l) => {
        const byDefault = declaration(l.name)?.default;
        return byDefault !== undefined && byDefault !== '' && l.value !== byDefault;
      })
      .map((l) => `${l.name}=${l.value} (default ${declaration(l.name)?.default})`);
    assert.deepEqual(wrong, []);
  });
});
