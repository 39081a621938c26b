import { z } from 'zod';

/** One entry of `journalctl -o json`: the fields a log relay needs. */
export interface JournalEntry {
  /** The unit the entry is about: UNIT= (systemd's own messages), OBJECT_SYSTEMD_UNIT=, COREDUMP_UNIT=, else the sender's _SYSTEMD_UNIT=. */
  unit: string | undefined;
  message: string;
  /** syslog priority 0 (emerg) .. 7 (debug); 6 when absent. */
  priority: number;
  /** Microseconds since the epoch. */
  realtimeUs: number;
  cursor: string;
  pid: number | undefined;
  /** SYSLOG_IDENTIFIER= ("sshd", "sudo", "kernel"). */
  identifier?: string | undefined;
}

// journalctl writes a field that is not valid UTF-8 (or holds control characters) as an array of bytes.
const text = z.union([z.string(), z.array(z.number().int().min(0).max(255)).transform((bytes) => Buffer.from(bytes).toString('utf8'))]);
const EntrySchema = z.object({
  __CURSOR: z.string().min(1),
  __REALTIME_TIMESTAMP: z.string().regex(/^\d+$/),
  MESSAGE: text.optional(),
  PRIORITY: z.string().regex(/^[0-7]$/).optional(),
  UNIT: z.string().optional(),
  OBJECT_SYSTEMD_UNIT: z.string().optional(),
  COREDUMP_UNIT: z.string().optional(),
  _SYSTEMD_UNIT: z.string().optional(),
  _PID: z.string().regex(/^\d+$/).optional(),
  SYSLOG_IDENTIFIER: z.string().optional(),
});

/** Parses one line of `journalctl -o json`; undefined for anything else (a notice, a cut line). */
export function parseJournalJson(line: string): JournalEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const r = EntrySchema.safeParse(raw);
  if (!r.success) return undefined;
  const e = r.data;
  return {
    unit: e.UNIT ?? e.OBJECT_SYSTEMD_UNIT ?? e.COREDUMP_UNIT ?? e._SYSTEMD_UNIT,
    message: e.MESSAGE ?? '',
    priority: e.PRIORITY === undefined ? 6 : Number(e.PRIORITY),
    realtimeUs: Number(e.__REALTIME_TIMESTAMP),
    cursor: e.__CURSOR,
    pid: e._PID === undefined ? undefined : Number(e._PID),
    ...(e.SYSLOG_IDENTIFIER !== undefined ? { identifier: e.SYSLOG_IDENTIFIER } : {}),
  };
}
