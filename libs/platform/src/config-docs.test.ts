import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CONFIG_VARIABLES, declaration } from './config/table.js';

// libs/platform/dist/config-docs.test.js -> the repository root.
const root = new URL('../../../', import.meta.url);
const example = readFileSync(new URL('.env.example', root), 'utf8');

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

/** The pages a user reads to set up (decision records are history and keep old names). */
function userDocs(): string[] {
  const pages = ['README.md', 'docs/INSTALL.id.md', 'docs/SECURITY.md'];
  for (const group of ['apps', 'libs']) {
    for (const name of readdirSync(new URL(`${group}/`, root))) pages.push(`${group}/${name}/README.md`);
  }
  return pages.filter((page) => existsSync(new URL(page, root)));
}

describe('the docs name only variables the loader knows', () => {
  it('a name that looks like a config variable (same first word) is declared', () => {
    const firstWords = new Set(CONFIG_VARIABLES.map((n) => n.split('_')[0]));
    const unknown: string[] = [];
    for (const page of userDocs()) {
      for (const [name] of readFileSync(new URL(page, root), 'utf8').matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b(?!\*)/g)) {
        // *_NODE_FLAGS are read by npm start itself (apps/cli), not by the config loader.
        if (name.endsWith('_NODE_FLAGS') || !firstWords.has(name.split('_')[0]!)) continue;
        if (declaration(name) === undefined) unknown.push(`${page}: ${name}`);
      }
    }
    assert.deepEqual([...new Set(unknown)], []);
  });
});

/** Source files (tests aside) under a folder of the repository. */
function sources(dir: URL): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const url = new URL(entry, dir);
    if (statSync(url).isDirectory()) out.push(...sources(new URL(`${entry}/`, dir)));
    else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts')) out.push(url.pathname);
  }
  return out;
}

describe('the time zone default is written once', () => {
  it('in the libs, Asia/Jakarta is only the declared TIMEZONE default (config/host.ts)', () => {
    const libs = readdirSync(new URL('libs/', root)).flatMap((name) => sources(new URL(`libs/${name}/src/`, root)));
    const found = libs.filter((file) => readFileSync(file, 'utf8').includes('Asia/Jakarta')).map((file) => file.slice(root.pathname.length));
    assert.deepEqual(found, ['libs/platform/src/config/host.ts']);
    assert.equal(declaration('TIMEZONE')?.default, 'Asia/Jakarta');
  });
});
