import { clock, keys } from '@potion/jobs';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { CommandError, parseKernelMessage, parseSshdMessage, parseSudoMessage, readJournalSince, type AuthEvent, type JournalEntry, type JournalStream } from '@potion/adapters';
import { applyObservations } from '../alerts/engine.js';
import { sendEventAlerts, type EventAlert } from '../alerts/events.js';
import { securityTexts } from '../alerts/security-texts.js';
import type { Deps } from '../runtime/context.js';

/** Events kept for the digest's "who got in" line: plenty for a day of scanners. */
export const SECURITY_LOG_LENGTH = 1000;
/** Without a cursor (first start, Redis emptied): only entries this recent are news. */
export const FIRST_READ_MS = 10 * 60_000;
/** The kernel lines shown with a kernel alert: the event and the ones just before it. */
const LAST_KERNEL_LINES = 5;

/** One entry of keys.securityEvents (JSON). */
export interface SecurityLogEntry {
  at: number;
  kind: 'login' | 'failed' | 'sudo' | 'kernel';
  user?: string;
  /** The journal cursor's hash: an entry read twice (a cursor lost) is counted once. */
  ref: string;
}

const refOf = (cursor: string) => createHash('sha256').update(cursor).digest('hex').slice(0, 12);

export interface FollowOutcome {
  /** Entries read per stream; null: the stream could not be read (logged). */
  auth: number | null;
  kernel: number | null;
  alerts: number;
  failedInWindow: number;
}

export interface StreamRead {
  entries: JournalEntry[];
  cursor: string | undefined;
}

async function readStream(deps: Deps, stream: JournalStream, signal: AbortSignal | undefined): Promise<StreamRead | null> {
  try {
    let cursor = (await deps.redis.get(deps.keys.journalCursor(stream))) ?? undefined;
    const read = (c: string | undefined) => readJournalSince(deps.runner, { stream, cursor: c, ...(signal ? { signal } : {}) });
    const r = await read(cursor).catch(async (err: unknown) => {
      // A cursor journalctl cannot parse (a hand-edited key): start over from the recent entries.
      if (!(err instanceof CommandError && /seek to cursor/i.test(err.stderrTail))) throw err;
      deps.log.warn({ module: 'worker:security', stream }, 'journal cursor not accepted: reading the recent entries');
      cursor = undefined;
      return read(undefined);
    });
    const since = deps.now() - FIRST_READ_MS;
    return { entries: cursor ? r.entries : r.entries.filter((e) => e.realtimeUs / 1000 >= since), cursor: r.cursor };
  } catch (err) {
    deps.log.warn({ module: 'worker:security', stream, err }, 'cannot read the journal');
    return null;
  }
}

/** The failed logins stored since `from` (members of keys.loginFailures). */
async function recentFailures(deps: Deps, from: number): Promise<{ u: string; f: string; n: string }[]> {
  return (await deps.redis.zrangebyscore(deps.keys.loginFailures, from, '+inf')).flatMap((m) => {
    try {
      const v = JSON.parse(m) as { u?: unknown; f?: unknown; n?: unknown };
      return typeof v.u === 'string' && typeof v.f === 'string' ? [{ u: v.u, f: v.f, n: typeof v.n === 'string' ? v.n : '' }] : [];
    } catch {
      return [];
    }
  });
}

function authEventOf(e: JournalEntry): AuthEvent | undefined {
  if (e.identifier === 'sudo') return parseSudoMessage(e.message);
  if (e.identifier === 'sshd' || e.identifier === 'sshd-session') return parseSshdMessage(e.message);
  return parseSshdMessage(e.message) ?? parseSudoMessage(e.message);
}

/** New entries of each stream (null: not read), and kernel entries seen before, for context only. */
export interface SecurityBatch {
  auth: StreamRead | null;
  kernel: StreamRead | null;
  kernelBefore?: readonly JournalEntry[];
}

/**
 * Reads new sshd/sudo and kernel journal entries since the stored cursors (the streams no
 * follower has), then handles them as applySecurityEntries does.
 */
export async function followSecurity(deps: Deps, signal?: AbortSignal, serviceUser = userInfo().username): Promise<FollowOutcome> {
  const view = deps.securityFollow;
  const work = async () => {
    const read = (stream: JournalStream) => (view?.following(stream) ? Promise.resolve({ entries: [], cursor: undefined }) : readStream(deps, stream, signal));
    const [auth, kernel] = await Promise.all([read('auth'), read('kernel')]);
    return applySecurityEntries(deps, { auth, kernel }, serviceUser);
  };
  return view ? view.serialize(work) : work();
}

/**
 * Alerts on SSH logins, sudo by a person (not the worker's own user running its whitelisted
 * commands), OOM kills, disk I/O errors and read-only remounts, and on LOGIN_FAIL_COUNT failed
 * logins within LOGIN_FAIL_WINDOW_MIN (through the alert state machine: one alert per burst);
 * saves each stream's cursor with the alerts.
 */
export async function applySecurityEntries(deps: Deps, batch: SecurityBatch, serviceUser = userInfo().username): Promise<FollowOutcome> {
  const { auth, kernel } = batch;
  const tz = deps.config.timezone;
  const alerts: EventAlert[] = [];
  const log: SecurityLogEntry[] = [];
  const failures: string[] = [];
  const tuned = deps.tuning.current().alerts;
  const windowMs = tuned.loginFailWindowMs;
  const now = deps.now();
  // Connections (address:port) that already have a "Failed ..." line: their closing line is not another failure.
  const failedConns = new Set((await recentFailures(deps, now - windowMs)).map((r) => r.n));
  for (const e of auth?.entries ?? []) {
    const ev = authEventOf(e);
    const at = Math.floor(e.realtimeUs / 1000);
    if (!ev) continue;
    if (ev.kind === 'login') {
      alerts.push({ id: 'login.ssh', family: 'login', key: e.cursor, text: securityTexts.login(ev, clock(at, tz)) });
      log.push({ at, kind: 'login', user: ev.user, ref: refOf(e.cursor) });
    } else if (ev.kind === 'failed') {
      const conn = `${ev.from}:${ev.port}`;
      if (ev.closed && failedConns.has(conn)) continue;
      if (!ev.closed) failedConns.add(conn);
      failures.push(String(at), JSON.stringify({ c: e.cursor, u: ev.user, f: ev.from, n: conn }));
      log.push({ at, kind: 'failed', user: ev.user, ref: refOf(e.cursor) });
    } else if (ev.user !== serviceUser) {
      alerts.push({ id: 'login.sudo', family: 'login', key: e.cursor, text: securityTexts.sudo(ev, clock(at, tz)) });
      log.push({ at, kind: 'sudo', user: ev.user, ref: refOf(e.cursor) });
    }
  }
  const before = (batch.kernelBefore ?? []).slice(-(LAST_KERNEL_LINES - 1));
  const kernelEntries = [...before, ...(kernel?.entries ?? [])];
  kernelEntries.forEach((e, i) => {
    if (i < before.length) return;
    const ev = parseKernelMessage(e.message);
    if (!ev) return;
    const at = Math.floor(e.realtimeUs / 1000);
    const last = kernelEntries.slice(Math.max(0, i - LAST_KERNEL_LINES + 1), i + 1).map((l) => l.message);
    alerts.push({ id: `kernel.${ev.kind}`, family: 'kernel', key: e.cursor, text: securityTexts.kernel(ev, clock(at, tz), last) });
    log.push({ at, kind: 'kernel', ref: refOf(e.cursor) });
  });

  const { sent } = await sendEventAlerts(deps, alerts, (tx) => {
    if (auth?.cursor) tx.set(deps.keys.journalCursor('auth'), auth.cursor);
    if (kernel?.cursor) tx.set(deps.keys.journalCursor('kernel'), kernel.cursor);
    if (log.length) tx.lpush(deps.keys.securityEvents, ...log.reverse().map((l) => JSON.stringify(l))).ltrim(deps.keys.securityEvents, 0, SECURITY_LOG_LENGTH - 1);
    if (failures.length) tx.zadd(deps.keys.loginFailures, ...failures);
    tx.zremrangebyscore(deps.keys.loginFailures, '-inf', now - windowMs - 1);
  });

  const recent = await recentFailures(deps, now - windowMs);
  const burst = recent.length >= tuned.loginFailCount;
  const uniq = (xs: string[]) => [...new Set(xs)];
  await applyObservations(deps, [
    {
      id: 'login.failed',
      family: 'login',
      level: burst ? 'bad' : 'clear',
      forMs: 0,
      label: 'Login SSH gagal beruntun',
      text: securityTexts.failedBurst(recent.length, Math.round(windowMs / 60_000), uniq(recent.map((r) => r.f)), uniq(recent.map((r) => r.u))),
    },
  ]);
  return { auth: auth ? auth.entries.length : null, kernel: kernel ? kernel.entries.length : null, alerts: sent, failedInWindow: recent.length };
}
