import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cruise, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

export interface ImportRuleOptions {
  /** The tree to check: a folder holding apps/ and libs/ (the repository root, or a test's temporary tree). */
  root: string;
  /** The rule file, default `<repo root>/.dependency-cruiser.cjs`. */
  configFile: string;
}

/** One broken import rule, as a line a reader can act on. */
export interface ImportViolation {
  rule: string;
  from: string;
  to: string;
  /** For a cycle: every module on it, in order. */
  cycle: string[];
}

/** The `src` folders of every app and lib under `root`, relative to it. */
export function sourceFolders(root: string): string[] {
  const out: string[] = [];
  for (const group of ['apps', 'libs']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (existsSync(join(dir, name, 'src'))) out.push(`${group}/${name}/src`);
    }
  }
  return out;
}

/** Runs dependency-cruiser with the repository's rule file over the apps' and libs' sources. */
export async function checkImports(opts: ImportRuleOptions): Promise<ImportViolation[]> {
  const config = await extractDepcruiseOptions(opts.configFile);
  const folders = sourceFolders(opts.root);
  if (folders.length === 0) throw new Error(`no apps/*/src or libs/*/src under ${opts.root}`);
  const result = await cruise(folders, { ...config, validate: true, baseDir: opts.root, outputType: 'json' });
  const output = typeof result.output === 'string' ? (JSON.parse(result.output) as { summary: { violations: IViolation[] } }) : result.output;
  return output.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    cycle: (v.cycle ?? []).map((c) => c.name),
  }));
}

/** One line per violation: `rule: from -> to` (a cycle lists its whole circle). */
export function formatImportViolations(violations: readonly ImportViolation[]): string {
  return violations
    .map((v) => (v.cycle.length ? `${v.rule}: ${[v.from, ...v.cycle].join(' -> ')}` : `${v.rule}: ${v.from} -> ${v.to}`))
    .join('\n');
}
