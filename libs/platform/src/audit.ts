import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { scrubSecrets } from './logger.js';

/** One line of actions.log: who did what, when, and how it ended. */
export interface AuditEntry {
  /** ISO time. Filled in when absent. */
  at?: string;
  requestId: string;
  /** "tg:12345", "scheduler:health.sample", "system:worker". */
  who: string;
  action: string;
  /** started | ok | failed | refused | interrupted */
  outcome: 'started' | 'ok' | 'failed' | 'refused' | 'interrupted';
  detail?: Record<string, unknown>;
  error?: string;
}

/**
 * Appends JSON lines to LOG_DIR/actions.log (kept 90 days by logrotate). Written
 * synchronously so the line exists before the action's effects; a write error (disk full)
 * is reported to the caller's logger, never thrown into the job.
 */
export class AuditLog {
  readonly path: string;
  constructor(logDir: string, private readonly onError: (err: Error) => void = () => undefined) {
    mkdirSync(logDir, { recursive: true });
    this.path = join(logDir, 'actions.log');
  }

  write(entry: AuditEntry): void {
    const line = JSON.stringify({ at: entry.at ?? new Date().toISOString(), ...entry });
    try {
      appendFileSync(this.path, scrubSecrets(line) + '\n', { mode: 0o640 });
    } catch (err) {
      this.onError(err as Error);
    }
  }
}

export function who(by: { kind: 'telegram'; userId: number } | { kind: 'scheduler' | 'system'; name: string }): string {
  return by.kind === 'telegram' ? `tg:${by.userId}` : `${by.kind}:${by.name}`;
}
