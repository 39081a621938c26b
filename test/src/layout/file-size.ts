import type { SourceFile } from './source-files.js';

/** Past this many lines a source file holds more than one responsibility (issue 16). */
export const MAX_LINES = 300;

export interface LongFile {
  path: string;
  lines: number;
}

/** Lines of a text as an editor counts them (a final newline ends the last line, it adds none). */
export const lineCount = (text: string): number => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

/** Source files over `max` lines, longest first. */
export function findLongFiles(files: readonly Pick<SourceFile, 'path' | 'text'>[], max = MAX_LINES): LongFile[] {
  return files
    .map((f) => ({ path: f.path, lines: lineCount(f.text) }))
    .filter((f) => f.lines > max)
    .sort((a, b) => b.lines - a.lines || a.path.localeCompare(b.path));
}
