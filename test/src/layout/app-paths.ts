import ts from 'typescript';
import { findingAt, forEachNode, type Finding, type SourceFile } from './source-files.js';
import { fixedParts, isStringNode } from './string-nodes.js';

/** A path into an app's folder: `apps/bot/dist/...`, `../../../apps/worker/src/...`. */
const APP_FOLDER = /(^|\/)apps\/[^/]+\/(dist|src)(\/|$)/;

/**
 * A lib that reaches into an app's folder by a path string (not an import, so the import rules
 * do not see it): `new URL('../../../apps/bot/dist/main.js', import.meta.url)`. A lib that
 * starts an app resolves the app's package instead (`import.meta.resolve('@potion/bot/main')`).
 */
export function findLibPathsIntoApps(files: readonly SourceFile[]): Finding[] {
  const out: Finding[] = [];
  for (const file of files) {
    if (!file.path.startsWith('libs/')) continue;
    forEachNode(file, (node) => {
      if (isStringNode(node) && !ts.isImportDeclaration(node.parent) && fixedParts(node).some((t) => APP_FOLDER.test(t))) out.push(findingAt(file, node));
    });
  }
  return out;
}
