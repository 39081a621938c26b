import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { waitFor } from '@potion/testkit';
import { listSnapshots } from '@potion/worker';
import { fillRandom, startBackupPowerStack, type BackupPowerStack } from './backup-power-harness.js';
import { ADMIN } from './fault-harness.js';

// The steps of the power-cut tests (issue 21 items 9, 11-14): worker, its rsync, bot and Redis
// killed with SIGKILL at once; Redis comes back from its AOF.
export const MiB = 1024 * 1024;
export const FILES = 30;
export const SIZE = 200_000;
/** KiB/s: the 6 MB of sources take about 4 s to copy. */
export const SLOW = 1500;

export async function stack(t: TestContext, tmpfsBytes = 64 * MiB): Promise<BackupPowerStack | undefined> {
  const h = await startBackupPowerStack({ tmpfsBytes });
  if (!h) t.skip('needs root to mount a tmpfs as the HDD');
  else t.after(() => h.stop());
  return h;
}

export const auditText = (h: BackupPowerStack, what: string) => `${what}; actions.log:\n${readFileSync(h.auditFile, 'utf8')}`;
export const textOf = (c: { text?: string }) => String(c.text);

/** A message sent (not edited) to the admin after call index `from`. */
export function sentAfter(h: BackupPowerStack, from: number, re: RegExp, timeoutMs = 30_000) {
  return h.s.fake.waitForCall(
    (c) => h.s.fake.calls.indexOf(c) >= from && c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200 && re.test(textOf(c)),
    timeoutMs,
    `a message matching ${re}`,
  );
}

export function sourceContents(h: BackupPowerStack): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of readdirSync(h.sb.src)) m.set(n, readFileSync(join(h.sb.src, n)).toString('base64'));
  return m;
}

/** A first snapshot at full speed, then every source file rewritten: a restore has it all to copy back. */
export async function snapshotThenChange(h: BackupPowerStack): Promise<{ name: string; old: Map<string, string>; changed: Map<string, string> }> {
  fillRandom(h.sb.src, FILES, SIZE);
  const first = await h.backupNow();
  assert.match(textOf(await h.finalEdit(first.messageId, 30_000)), /📦 Snapshot/);
  const old = sourceContents(h);
  fillRandom(h.sb.src, FILES, SIZE);
  const [snap] = await listSnapshots(h.sb.backupDir);
  return { name: snap!.name, old, changed: sourceContents(h) };
}

/** A power cut while the backup copies, a restart (it resumes), a second cut while the resumed run copies, a restart. */
export async function cutTwice(h: BackupPowerStack): Promise<void> {
  await waitFor('the first run to be copying', () => h.partialFiles() >= 5, 30_000);
  await h.powerCut();
  const atFirstCut = h.partialFiles();
  await h.powerBack();
  // Any new file will do: on a loaded machine the first cut can come late, and "5 more" may be
  // more than are left to copy.
  await waitFor('the resumed run to be copying', () => h.rsyncRunning() && h.partialFiles() > atFirstCut, 90_000);
  await h.powerCut();
  await h.powerBack();
}

