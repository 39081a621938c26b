const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'proc', 'msg', 'module']);

export interface PrettyOptions {
  /** Start with the line's time (HH:MM:SS). Default true; the journal shows its own. */
  time?: boolean;
}

/** Turns one pino JSON line into `13:04:05 worker INFO  message key=value`; other text passes through. */
export function prettyLine(proc: string, line: string, opts: PrettyOptions = {}): string {
  const tag = proc.padEnd(9);
  if (!line.startsWith('{')) return `${tag} ${line}`;
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    const time = typeof o.time === 'string' ? o.time.slice(11, 19) : new Date().toISOString().slice(11, 19);
    const level = LEVELS[Number(o.level)] ?? 'INFO ';
    const extras = Object.entries(o)
      .filter(([k]) => !HIDDEN.has(k))
      .map(([k, v]) => {
        if (k === 'err' && v && typeof v === 'object') return `err="${String((v as { message?: unknown }).message ?? '')}"`;
        const s = typeof v === 'string' ? v : JSON.stringify(v);
        return `${k}=${s.length > 120 ? s.slice(0, 120) + '…' : s}`;
      })
      .join(' ');
    const mod = typeof o.module === 'string' ? `[${o.module}] ` : '';
    return `${opts.time === false ? '' : `${time} `}${tag} ${level} ${mod}${String(o.msg ?? '')}${extras ? `  ${extras}` : ''}`;
  } catch {
    return `${tag} ${line}`;
  }
}
