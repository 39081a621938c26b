import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hostKeys, texts } from '@potion/jobs';
import { createBackupSandbox, waitFor, type BackupSandbox, type FakeCall } from '@potion/testkit';
import { ADMIN, auditPath, jsonLines, startFaultStack, type FaultStack } from './fault-harness.js';

/**
 * The whole stack as real processes (worker, bot, Redis with AOF, fake Bot API) over a real
 * mounted "HDD" (a size-limited tmpfs: the worker reads the real /proc/self/mountinfo), with
 * real rsync that can be paced (`--bwlimit`) so a power cut can land in the middle of a copy.
 * A power cut is SIGKILL of the worker, everything it started (rsync), the bot and Redis.
 */
export interface BackupPowerStack {
  s: FaultStack;
  sb: BackupSandbox;
  /** actions.log, for the shared "one final outcome per request" check. */
  auditFile: string;
  /** rsync's speed in KiB/s (undefined: full speed). */
  pace: (kibPerSec: number | undefined) => void;
  powerCut: () => Promise<void>;
  /** Redis, worker and bot start again (in that order, as after a boot). */
  powerBack: () => Promise<void>;
  /** The action lines of actions.log for one request id. */
  audit: (requestId: string) => string[];
  /** Files in the newest `.partial-*` (0 when there is none). */
  partialFiles: () => number;
  /** True while a process started by the worker runs rsync with every `args` on its command line. */
  rsyncRunning: (...args: string[]) => boolean;
  /** 💾 Backup → 💾 Backup now; returns the pending message id and the job's request id. */
  backupNow: () => Promise<{ messageId: number; requestId: string; jobId: string }>;
  /** Waits for the final (non-progress) edit of a message in the admin's chat. */
  finalEdit: (messageId: number, timeoutMs: number) => Promise<FakeCall>;
  /** Final (non-progress) edits of a message in the admin's chat. */
  finals: (messageId: number) => FakeCall[];
  running: () => Promise<string | null>;
  stop: () => Promise<void>;
}

const realRsync = (): string => execFileSync('sh', ['-c', 'command -v rsync'], { encoding: 'utf8' }).trim();

/** Parent pid of every process, from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const n of readdirSync('/proc')) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
      out.set(Number(n), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  return out;
}

export function descendants(pid: number): number[] {
  const pp = parents();
  const found: number[] = [];
  const visit = (p: number) => {
    for (const [c, parent] of pp) {
      if (parent === p && !found.includes(c)) {
        found.push(c);
        visit(c);
      }
    }
  };
  visit(pid);
  return found;
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  return n;
}

/** `count` files of `size` random bytes in `dir` (what a backup copies slowly). */
export function fillRandom(dir: string, count: number, size: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i += 1) writeFileSync(join(dir, `f${String(i).padStart(3, '0')}.bin`), randomBytes(size));
}

export async function startBackupPowerStack(opts: { tmpfsBytes: number; env?: Record<string, string> }): Promise<BackupPowerStack | undefined> {
  const sb = createBackupSandbox({ tmpfsBytes: opts.tmpfsBytes });
  if (!sb.realMount) {
    sb.cleanup();
    return undefined;
  }
  const bin = join(sb.root, 'bin');
  const paceFile = join(sb.root, 'pace');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'rsync'),
    `#!/bin/sh\nif [ -s '${paceFile}' ]; then exec '${realRsync()}' --bwlimit="$(cat '${paceFile}')" "$@"; fi\nexec '${realRsync()}' "$@"\n`,
  );
  chmodSync(join(bin, 'rsync'), 0o755);
  let s: FaultStack;
  try {
    s = await startFaultStack({
      env: { JOB_LOCK_MS: '1000', HDD_MOUNT: sb.hdd, BACKUP_DIR: sb.backupDir, BACKUP_SOURCES: sb.src, BACKUP_RESTORE_TEST_FILES: '2', BOT_FLOOD_BURST: '1000', ...opts.env },
      prepare: (st) => {
        st.env.PATH = `${bin}:${st.env.PATH}`;
      },
    });
  } catch (err) {
    sb.cleanup();
    throw err;
  }
  const snapshots = join(sb.backupDir, 'snapshots');
  const stack: BackupPowerStack = {
    s,
    sb,
    auditFile: auditPath(s.config),
    pace: (k) => (k === undefined ? rmSync(paceFile, { force: true }) : writeFileSync(paceFile, String(k))),
    powerCut: async () => {
      const w = s.worker();
      const b = s.bot();
      const kids = w?.child.pid ? descendants(w.child.pid) : [];
      w?.child.kill('SIGKILL');
      for (const pid of kids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      b?.child.kill('SIGKILL');
      await Promise.all([s.killRedis(), w?.exited, b?.exited]);
    },
    powerBack: async () => {
      await s.restartRedis();
      await s.startWorker();
      await s.startBot();
    },
    audit: (requestId) => jsonLines(auditPath(s.config)).filter((l) => l.requestId === requestId).map((l) => String(l.outcome)),
    partialFiles: () => {
      const p = existsSync(snapshots) ? readdirSync(snapshots).filter((n) => n.startsWith('.partial-')).sort().at(-1) : undefined;
      return p && existsSync(join(snapshots, p, 'data')) ? countFiles(join(snapshots, p, 'data')) : 0;
    },
    rsyncRunning: (...args) => {
      const pid = s.worker()?.child.pid;
      if (!pid) return false;
      return descendants(pid).some((c) => {
        const cl = cmdline(c);
        return cl.some((a) => a.endsWith('rsync')) && args.every((x) => cl.includes(x));
      });
    },
    backupNow: async () => {
      const from = s.fake.calls.length;
      s.fake.type(ADMIN, '💾 Backup');
      const menu = await s.fake.waitForCall(
        (c) => s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN && /^💾 Backup ke HDD/.test(String(c.text)),
        10_000,
        'the backup menu',
      );
      const menuId = (menu.result as { message_id: number }).message_id;
      const button = s.fake.buttons(menuId).find((x) => x.text === '💾 Backup now');
      if (!button) throw new Error(`no Backup now button: ${JSON.stringify(s.fake.buttons(menuId))}`);
      const pressed = s.fake.calls.length;
      s.fake.press(ADMIN, menuId, button.data);
      const messageId = await s.pendingAfter(ADMIN, pressed);
      const job = await waitFor(
        'the backup job to be queued',
        async () =>
          (await s.producer.queue('backup').getJobs(['waiting', 'active', 'completed', 'failed', 'prioritized'])).find(
            (j) => j.name === 'backup.run' && j.id !== undefined && !seen.has(j.id) && (j.data as { meta?: { chatId?: number } }).meta?.chatId === ADMIN,
          ),
        15_000,
      );
      seen.add(job.id!);
      const requestId = String((job.data as { meta: { requestId: string } }).meta.requestId);
      return { messageId, requestId, jobId: job.id! };
    },
    finalEdit: (messageId, timeoutMs) =>
      s.fake.waitForCall(
        (c) => c.method === 'editMessageText' && c.params.chat_id === ADMIN && c.params.message_id === messageId && c.status === 200 && !String(c.text).startsWith(texts.PROCESSING),
        timeoutMs,
        `the final edit of message ${messageId}`,
      ),
    finals: (messageId) =>
      s.fake.calls.filter(
        (c) => c.method === 'editMessageText' && c.params.chat_id === ADMIN && c.params.message_id === messageId && c.status === 200 && !String(c.text).startsWith(texts.PROCESSING),
      ),
    running: () => s.conn.get(hostKeys(s.config.hostId).backupRunning),
    stop: async () => {
      await s.stop();
      sb.cleanup();
    },
  };
  const seen = new Set<string>();
  return stack;
}
