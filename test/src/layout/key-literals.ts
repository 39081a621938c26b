import ts from 'typescript';
import { findingAt, forEachNode, type Finding, type SourceFile } from './source-files.js';
import { isStringNode, leadingText, propertyName } from './string-nodes.js';

/** Where Redis key names may be written: the keys module of the job contract. */
export const KEYS_MODULE = /^libs\/jobs\/src\/keys(\.ts|\/[^/]+\.ts)$/;

/** Names under which the key prefix is imported (`${KEY_PREFIX}:...` builds a key). */
const PREFIX_NAMES = new Set(['KEY_PREFIX', 'BULLMQ_PREFIX']);

const isPrefixName = (e: ts.Expression): boolean =>
  (ts.isIdentifier(e) && PREFIX_NAMES.has(e.text)) || (ts.isPropertyAccessExpression(e) && PREFIX_NAMES.has(e.name.text));

/** A Redis connection's client name (`CLIENT SETNAME`) starts with the prefix too, but it names no key. */
function isClientName(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isPropertyAssignment(parent) && parent.initializer === node && propertyName(parent.name) === 'connectionName';
}

/**
 * A Redis key literal: a string or template whose fixed start is `<prefix>:` (`'potion:mutes'`,
 * `` `potion:alert:${id}` ``), a template that starts with the prefix constant followed by `:`
 * (`` `${KEY_PREFIX}:automute:${id}` ``), or `KEY_PREFIX + ':...'`.
 */
export function isKeyLiteral(node: ts.Node, prefix: string): boolean {
  if (isStringNode(node)) {
    if (leadingText(node).startsWith(`${prefix}:`)) return !isClientName(node);
    if (ts.isTemplateExpression(node) && node.head.text === '') {
      const first = node.templateSpans[0];
      return first !== undefined && isPrefixName(first.expression) && first.literal.text.startsWith(':');
    }
    return false;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && isPrefixName(node.left)) {
    return isStringNode(node.right) && leadingText(node.right).startsWith(':');
  }
  return false;
}

/** Redis key literals outside the keys module (libs/jobs/src/keys.ts). */
export function findKeyLiterals(files: readonly SourceFile[], prefix: string): Finding[] {
  const out: Finding[] = [];
  for (const file of files) {
    if (KEYS_MODULE.test(file.path)) continue;
    forEachNode(file, (node) => {
      if (isKeyLiteral(node, prefix)) out.push(findingAt(file, node));
    });
  }
  return out;
}
