import ts from 'typescript';
import { findingAt, forEachNode, type Finding, type SourceFile } from './source-files.js';

/** The default time zone, written only where the configuration declares its default. */
export const DEFAULT_TIMEZONE = 'Asia/Jakarta';

/** The config defaults: libs/jobs/src/config.ts today, libs/platform/src/config*.ts (or config/) after issue 16. */
export const CONFIG_DEFAULTS = /^(libs\/jobs\/src\/config\.ts|libs\/platform\/src\/config[^/]*\.ts|libs\/platform\/src\/config\/[^/]+\.ts)$/;

const TEXT_KINDS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
]);

/**
 * `Asia/Jakarta` in a string or template of the code (comments do not count) outside the
 * config defaults: every other place takes the TIMEZONE setting from the config.
 */
export function findTimezoneLiterals(files: readonly SourceFile[]): Finding[] {
  const out: Finding[] = [];
  for (const file of files) {
    if (CONFIG_DEFAULTS.test(file.path)) continue;
    forEachNode(file, (node) => {
      if (TEXT_KINDS.has(node.kind) && (node as ts.LiteralLikeNode).text.includes(DEFAULT_TIMEZONE)) out.push(findingAt(file, node));
    });
  }
  return out;
}
