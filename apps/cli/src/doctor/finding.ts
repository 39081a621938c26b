/** One line of the doctor's report: what it checked, what it found, and the fix when it is a problem. */
export interface Finding {
  level: 'ok' | 'problem' | 'note';
  what: string;
  /** The command or edit that fixes it (problems always have one). */
  fix?: string;
}

export const ok = (what: string): Finding => ({ level: 'ok', what });
export const note = (what: string, fix?: string): Finding => ({ level: 'note', what, ...(fix ? { fix } : {}) });
export const problem = (what: string, fix: string): Finding => ({ level: 'problem', what, fix });

export function formatFindings(findings: readonly Finding[]): string {
  const mark = { ok: '✔', problem: '✖', note: '•' } as const;
  const lines = ['potion-runner doctor', ''];
  for (const f of findings) {
    lines.push(`${mark[f.level]} ${f.what}`);
    if (f.fix) lines.push(`    fix: ${f.fix}`);
  }
  const n = findings.filter((f) => f.level === 'problem').length;
  lines.push('', n === 0 ? 'No problems found.' : `${n} problem${n === 1 ? '' : 's'} found: fix them top to bottom, then run npm run doctor again.`);
  return `${lines.join('\n')}\n`;
}
