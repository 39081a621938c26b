import type { DmesgLine, JournalLine } from '@potion/adapters';
import { clock } from '@potion/jobs';
import { clip } from '../../runtime/format.js';

/** Longest line shown in a chat; the full line stays in the file (Kirim file). */
export const MAX_LINE_CHARS = 300;

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function hhmmss(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return clock(d.getTime(), timeZone, { seconds: true });
}

/**
 * One pino JSON line of runtime.log as a phone reads it: "10:04:05 WARN worker: msg (err)".
 * Lines that are not JSON are shown as they are.
 */
export function formatRuntimeLine(line: string, timeZone: string): string {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return clip(line, MAX_LINE_CHARS);
  }
  if (typeof o !== 'object' || o === null) return clip(line, MAX_LINE_CHARS);
  const r = o as Record<string, unknown>;
  const time = typeof r.time === 'string' ? hhmmss(r.time, timeZone) : '';
  const level = typeof r.level === 'number' ? (LEVELS[r.level] ?? String(r.level)) : '';
  const proc = typeof r.proc === 'string' ? r.proc : typeof r.name === 'string' ? r.name : '';
  const err = typeof r.err === 'object' && r.err !== null && typeof (r.err as { message?: unknown }).message === 'string' ? ` (${(r.err as { message: string }).message})` : '';
  const msg = typeof r.msg === 'string' ? r.msg : '';
  return clip(`${time} ${level} ${proc}: ${msg}${err}`.trim(), MAX_LINE_CHARS);
}

export function formatJournalLine(l: JournalLine, timeZone: string): string {
  return clip(l.time ? `${hhmmss(l.time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'), timeZone)} ${l.source}: ${l.message}` : l.message, MAX_LINE_CHARS);
}

export function formatDmesgLine(l: DmesgLine): string {
  const t = /(\d{2}:\d{2}:\d{2})/.exec(l.time)?.[1];
  return clip(t ? `${t} ${l.message}` : l.message, MAX_LINE_CHARS);
}
