import ts from 'typescript';

/** A string written in the code: a quoted literal, a template, or either of them in parentheses or `as`. */
export type StringNode = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression;

export function isStringNode(node: ts.Node): node is StringNode {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
}

/** The fixed text a string starts with: all of a literal, the head of a template (before its first `${`). */
export function leadingText(node: StringNode): string {
  return ts.isTemplateExpression(node) ? node.head.text : node.text;
}

/** Every fixed piece of text in a string: the literal, or a template's head and the text after each `${...}`. */
export function fixedParts(node: StringNode): string[] {
  return ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)] : [node.text];
}

function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/**
 * Whether an expression writes a string by hand: a literal, a template, a `+` with one of
 * them, or a `?:` with one of them in a branch. A call (`buttons.status.detail()`) or a
 * name is not: the string then comes from somewhere else.
 */
export function isHandWrittenString(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (isStringNode(e)) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return isHandWrittenString(e.left) || isHandWrittenString(e.right);
  if (ts.isConditionalExpression(e)) return isHandWrittenString(e.whenTrue) || isHandWrittenString(e.whenFalse);
  return false;
}

/** The name of a property (`data`, `'callback_data'`), or undefined for a computed one. */
export function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}
