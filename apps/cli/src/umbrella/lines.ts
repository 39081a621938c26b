import type { JournalEntry } from '@potion/adapters/journal-json';
import { prettyLine } from '../pretty.js';

/** The processes of the app, as `systemctl status potion-runner` and its journal name them. */
export const APP_PROCESSES = [
  { name: 'worker', unit: 'potion-runner-worker.service' },
  { name: 'bot', unit: 'potion-runner-bot.service' },
  { name: 'dashboard', unit: 'potion-runner-dashboard.service' },
] as const;

/** pino levels (40 warn, 50 error, 60 fatal) as syslog priorities, so journalctl colours them. */
function pinoPriority(message: string): number | undefined {
  const level = /^\{.*"level":(\d+)/.exec(message)?.[1];
  if (level === undefined) return undefined;
  const n = Number(level);
  return n >= 60 ? 2 : n >= 50 ? 3 : n >= 40 ? 4 : undefined;
}

/**
 * What the umbrella unit writes to its own journal for one entry of a process's journal:
 * one line per line of the message, `<priority>worker:  INFO  message key=value` (the
 * `<N>` prefix is read by journald as the line's priority, SyslogLevelPrefix=). Entries of
 * other units give nothing.
 */
export function relayLines(entry: JournalEntry): string[] {
  const proc = APP_PROCESSES.find((p) => p.unit === entry.unit);
  if (!proc) return [];
  const priority = Math.min(entry.priority, pinoPriority(entry.message) ?? 7);
  return entry.message
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => `<${priority}>${prettyLine(`${proc.name}:`, l.replace(/\r$/, ''), { time: false })}`);
}
