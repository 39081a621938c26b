import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** One source file of an app or lib, with its text and its parsed syntax tree. */
export interface SourceFile {
  /** Relative to the root, with `/` (e.g. `apps/worker/src/outcome.ts`). */
  path: string;
  text: string;
  ast: ts.SourceFile;
}

/**
 * Tests, type tests and fixtures are not checked: they build keys, buttons and time zones on
 * purpose, to check the code that should.
 */
export function isCheckedSource(path: string): boolean {
  if (!path.endsWith('.ts') || path.endsWith('.d.ts')) return false;
  if (/\.test(-d)?\.ts$/.test(path)) return false;
  return !path.split('/').includes('fixtures');
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** Every checked `.ts` file under `<root>/apps/*\/src` and `<root>/libs/*\/src`. */
export function listSources(root: string): string[] {
  const out: string[] = [];
  for (const group of ['apps', 'libs']) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir).sort()) {
      const src = join(groupDir, name, 'src');
      if (existsSync(src)) walk(src, out);
    }
  }
  return out.map((p) => relative(root, p).split(sep).join('/')).filter(isCheckedSource);
}

/** Parses `text` as TypeScript (syntax only: no program, no type checking, so it stays fast). */
export function parseSource(path: string, text: string): SourceFile {
  return { path, text, ast: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) };
}

/** Reads every checked source under `root` (text only, for checks that need no syntax tree). */
export function readSourceTexts(root: string): Array<Pick<SourceFile, 'path' | 'text'>> {
  return listSources(root).map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

/** Reads and parses every checked source under `root`. */
export function readSources(root: string): SourceFile[] {
  return readSourceTexts(root).map((f) => parseSource(f.path, f.text));
}

/** A finding at a place in a file, as `path:line`. */
export interface Finding {
  path: string;
  line: number;
  /** The offending code, shortened to one line. */
  code: string;
}

export function findingAt(file: SourceFile, node: ts.Node): Finding {
  const { line } = file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast));
  const code = node.getText(file.ast).replace(/\s+/g, ' ');
  return { path: file.path, line: line + 1, code: code.length > 100 ? `${code.slice(0, 97)}...` : code };
}

export const formatFindings = (findings: readonly Finding[]): string => findings.map((f) => `${f.path}:${f.line}  ${f.code}`).join('\n');

/** Calls `visit` on every node of the file, depth first. */
export function forEachNode(file: SourceFile, visit: (node: ts.Node) => void): void {
  const go = (node: ts.Node): void => {
    visit(node);
    ts.forEachChild(node, go);
  };
  go(file.ast);
}
