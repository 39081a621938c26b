import { BUTTON_FAMILIES } from '@potion/jobs';
import ts from 'typescript';
import { findingAt, forEachNode, type Finding, type SourceFile } from './source-files.js';
import { isHandWrittenString, isStringNode, leadingText, propertyName } from './string-nodes.js';

/** Where button data may be written: the codecs of the job contract (one per family). */
export const BUTTON_CODECS = /^libs\/jobs\/src\/buttons(\.ts|\/[^/]+\.ts)$/;

/**
 * The first part of every callback data the bot understands (`status:detail`,
 * `bk:r:<snapshot>`, `alert:mute:<id>:<min>`, `set:maint:<min>`, `cf:<token>`...), one per codec
 * in libs/jobs/src/buttons, so a new family is checked as soon as it has a codec. A string that
 * starts with one of them and `:` is button data, wherever it is written.
 */
export { BUTTON_FAMILIES };

const DATA_PROPERTIES = new Set(['callback_data', 'callbackData']);

/**
 * A button's data written in place: `{ text, data: '...' }` (the outbox's inline button),
 * `callback_data: '...'` / `callbackData: '...'`, or grammY's `.text(label, '...')`
 * (`InlineKeyboard.text`; a reply keyboard's `.text(label)` has no data).
 */
function handWrittenDataAt(node: ts.Node): ts.Expression | undefined {
  if (ts.isPropertyAssignment(node)) {
    const name = propertyName(node.name);
    if (name === undefined || !isHandWrittenString(node.initializer)) return undefined;
    if (DATA_PROPERTIES.has(name)) return node.initializer;
    const siblings = ts.isObjectLiteralExpression(node.parent) ? node.parent.properties : [];
    const hasText = siblings.some((p) => p.name !== undefined && ts.isPropertyName(p.name) && propertyName(p.name) === 'text');
    return name === 'data' && hasText ? node.initializer : undefined;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'text' && node.arguments.length === 2) {
    const data = node.arguments[1];
    return data !== undefined && isHandWrittenString(data) ? data : undefined;
  }
  return undefined;
}

const familyStart = new RegExp(`^(${BUTTON_FAMILIES.join('|')}):\\S*$`);

/** A string whose fixed start is `<family>:` with no space (so `alert: disk` in a sentence is not). */
function isFamilyString(node: ts.Node): boolean {
  if (!isStringNode(node)) return false;
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return false;
  return familyStart.test(leadingText(node));
}

/**
 * Button data built outside the codecs (libs/jobs/src/buttons.ts): data written in place
 * where a button is made, and any string starting with a button family (`bk:`, `status:`...),
 * which catches hand-made builders (`` (unit) => `alert:restart:${unit}` ``) and hand-written
 * matches in the bot (`callbackQuery('set:about')`). One finding per string.
 */
export function findButtonData(files: readonly SourceFile[]): Finding[] {
  const out: Finding[] = [];
  for (const file of files) {
    if (BUTTON_CODECS.test(file.path)) continue;
    // Ranges already reported: a family string inside reported data is the same finding.
    const reported: Array<[number, number]> = [];
    const add = (node: ts.Node): void => {
      const start = node.getStart(file.ast);
      if (reported.some(([s, e]) => start >= s && node.end <= e)) return;
      reported.push([start, node.end]);
      out.push(findingAt(file, node));
    };
    forEachNode(file, (node) => {
      const data = handWrittenDataAt(node);
      if (data) add(data);
      else if (isFamilyString(node)) add(node);
    });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
}
