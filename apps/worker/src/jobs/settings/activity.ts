import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTailLines } from '@potion/adapters';
import { ACTIVITY_LIMIT, isJobName, jobs, type ActivityEntry } from '@potion/jobs';
import { z } from 'zod';
import type { Handler } from '../types.js';
import { presentActivity } from './present-activity.js';

/** Lines read from the end of one actions.log file at most (a busy day is a few thousand). */
const TAIL_LINES = 20_000;
const TAIL_BYTES = 4 * 1024 * 1024;
/** A payload longer than this (as JSON) is not carried to the chat. */
const PAYLOAD_MAX = 400;

const auditLine = z.object({
  at: z.string(),
  requestId: z.string(),
  who: z.string(),
  action: z.string(),
  outcome: z.enum(['started', 'ok', 'failed', 'refused', 'interrupted']),
  detail: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});
type AuditLine = z.infer<typeof auditLine>;

/**
 * Whether 📜 Aktivitas lists a line: every refusal (someone tried), and what changes
 * something: jobs that change the host, need a confirmation, change a setting (`changes`),
 * or back up. Looking (Status, logs, lists) is audited but not listed.
 */
export function listed(line: Pick<AuditLine, 'action' | 'outcome'>): boolean {
  if (line.outcome === 'refused') return true;
  if (!isJobName(line.action)) return false;
  const def = jobs[line.action];
  return def.mutates || def.confirm === true || ('changes' in def && def.changes === true) || def.queue === 'backup';
}

function parseLine(raw: string): AuditLine | undefined {
  try {
    const r = auditLine.safeParse(JSON.parse(raw));
    return r.success && Number.isFinite(Date.parse(r.data.at)) ? r.data : undefined;
  } catch {
    return undefined; // a line cut by a full disk or a crash: skipped
  }
}

/**
 * The entries of a run of lines, oldest first: the lines of one request and job merged (a
 * mutating job writes "started" with its payload, then its outcome). A request id used
 * again later (a schedule's) starts a new entry after the earlier one ended.
 */
export function mergeLines(lines: readonly AuditLine[]): ActivityEntry[] {
  const out: ActivityEntry[] = [];
  const open = new Map<string, ActivityEntry>();
  for (const l of lines) {
    if (!listed(l)) continue;
    const key = `${l.requestId}\n${l.action}`;
    const payload = l.detail?.payload;
    const small = payload !== null && typeof payload === 'object' && JSON.stringify(payload).length <= PAYLOAD_MAX ? (payload as Record<string, unknown>) : undefined;
    const pending = open.get(key);
    if (l.outcome !== 'started' && pending) {
      pending.outcome = l.outcome;
      if (l.error) pending.error = l.error.slice(0, 200);
      open.delete(key);
      continue;
    }
    const entry: ActivityEntry = { at: Date.parse(l.at), who: l.who, action: l.action, outcome: l.outcome, ...(small ? { payload: small } : {}), ...(l.error ? { error: l.error.slice(0, 200) } : {}) };
    out.push(entry);
    if (l.outcome === 'started') open.set(key, entry);
  }
  return out;
}

/** actions.log and, before it, the newest rotated copy that is not compressed (logrotate's delaycompress). */
async function logFiles(logDir: string): Promise<string[]> {
  const names = await readdir(logDir).catch(() => [] as string[]);
  const rotated = names.filter((n) => /^actions\.log[-.]\d+$/.test(n)).sort((a, b) => rotationOrder(b) - rotationOrder(a));
  return [...rotated.slice(0, 1).map((n) => join(logDir, n)), join(logDir, 'actions.log')];
}

/** `actions.log.1` is the newest of its kind, `actions.log-20261206` the newest of its own. */
const rotationOrder = (name: string): number => {
  const n = Number(name.slice('actions.log.'.length));
  return name.startsWith('actions.log.') ? -n : n;
};

/** ⚙️ Settings → 📜 Aktivitas: the newest ACTIVITY_LIMIT actions of actions.log, newest first. */
export const settingsActivity: Handler<'settings.activity'> = {
  run: async (_d, ctx) => {
    const files = await logFiles(ctx.config.logDir);
    let entries: ActivityEntry[] = [];
    let readable = true;
    // Newest file first; the rotated one only when the current one holds too few.
    for (const file of files.reverse()) {
      try {
        const lines = (await readTailLines(file, TAIL_LINES, TAIL_BYTES)).map(parseLine).filter((l): l is AuditLine => l !== undefined);
        entries = [...mergeLines(lines), ...entries];
      } catch (err) {
        readable = false;
        ctx.log.warn({ module: 'worker:activity', err, file }, 'cannot read the audit log');
      }
      if (entries.length >= ACTIVITY_LIMIT) break;
    }
    // Newest first; the reversal keeps the log's order among lines of the same millisecond.
    entries.reverse().sort((a, b) => b.at - a.at);
    return { entries: entries.slice(0, ACTIVITY_LIMIT), readable };
  },
  present: presentActivity,
};
