import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createBackupSandbox, type BackupSandbox } from '@potion/testkit';
import { listSnapshots, resolveSources, restoreSnapshot, SNAPSHOT_FILES, type SnapshotDir } from '@potion/worker';
import { runner, snap } from '../harness/backup-helpers.js';

// Issue 15 finding 4: a restore trusted the snapshot's own summary.json (from the HDD) for
// where to write and what to leave out. A crafted snapshot restored .ssh/authorized_keys into
// another home, and --delete removed a file there.
const T0 = Date.UTC(2026, 10, 24, 3, 0, 0);
const ATTACKER_KEY = 'ssh-ed25519 AAAA attacker@evil\n';

const sandboxes: BackupSandbox[] = [];
after(() => sandboxes.forEach((s) => s.cleanup()));

interface World {
  sb: BackupSandbox;
  /** A home that is not a backup source. */
  other: string;
  snapshot: () => Promise<SnapshotDir>;
  /** Rewrites the snapshot's summary.json as an attacker with the HDD would. */
  craft: (edit: (summary: Record<string, unknown>) => void) => void;
  /** Puts a file into the snapshot's data as if it had been backed up from `abs`. */
  plant: (abs: string, text: string) => void;
  allowed: () => ReturnType<typeof resolveSources>;
}

async function world(): Promise<World> {
  const sb = createBackupSandbox();
  sandboxes.push(sb);
  const other = join(sb.root, 'home-other');
  mkdirSync(join(other, '.ssh'), { recursive: true });
  writeFileSync(join(other, '.ssh', 'authorized_keys'), 'ssh-ed25519 AAAA owner@laptop\n');
  writeFileSync(join(other, 'notes.txt'), 'keep me');
  writeFileSync(join(sb.src, 'app.json'), '{"port":8080}');
  writeFileSync(join(sb.src, '.env'), 'BOT_TOKEN=live-secret');
  const s = await snap(sb, { now: () => T0 });
  const summaryFile = join(s.path, SNAPSHOT_FILES.summary);
  return {
    sb,
    other,
    snapshot: async () => (await listSnapshots(sb.backupDir))[0]!,
    craft: (edit) => {
      const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, unknown>;
      edit(summary);
      writeFileSync(summaryFile, JSON.stringify(summary));
    },
    plant: (abs, text) => {
      const p = join(s.path, 'data', abs);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, text);
    },
    allowed: () =>
      resolveSources({ sources: [sb.src], defaultSources: false, excludes: [], includeSecrets: false, time: '02:30', keepDaily: 14, keepWeekly: 8, stopServices: [] }, sb.backupDir, sb.hdd),
  };
}

const untouched = (w: World) => {
  assert.equal(readFileSync(join(w.other, '.ssh', 'authorized_keys'), 'utf8'), 'ssh-ed25519 AAAA owner@laptop\n');
  assert.ok(existsSync(join(w.other, 'notes.txt')), 'nothing deleted in the other home');
};

describe('a restore writes only inside the configured BACKUP_SOURCES, whatever the snapshot says', () => {
  it('a snapshot whose summary names another home restores nothing and says why', async () => {
    const w = await world();
    w.plant(join(w.other, '.ssh', 'authorized_keys'), ATTACKER_KEY);
    w.craft((s) => (s.sources = [...(s.sources as string[]), w.other]));
    await assert.rejects(restoreSnapshot({ snapshot: await w.snapshot(), runner, allowed: await w.allowed() }), (e: Error) =>
      /di luar folder backup yang disetel sekarang \(BACKUP_SOURCES\)/.test(e.message) && e.message.includes(w.other),
    );
    untouched(w);
  });

  it('a ".." in a summary source does not climb out of the configured folder', async () => {
    const w = await world();
    w.plant(join(w.other, '.ssh', 'authorized_keys'), ATTACKER_KEY);
    w.craft((s) => (s.sources = [`${w.sb.src}/../home-other`]));
    await assert.rejects(restoreSnapshot({ snapshot: await w.snapshot(), runner, allowed: await w.allowed() }), /tidak sah|di luar folder backup/);
    untouched(w);
  });

  it('dropped or hostile filters in the summary still leave .env alone (the configured secret excludes always apply)', async () => {
    const w = await world();
    w.plant(join(w.sb.src, '.env'), 'BOT_TOKEN=attacker');
    w.craft((s) => (s.excludes = ['!']));
    await restoreSnapshot({ snapshot: await w.snapshot(), runner, allowed: await w.allowed() });
    assert.equal(readFileSync(join(w.sb.src, '.env'), 'utf8'), 'BOT_TOKEN=live-secret');
    assert.equal(readFileSync(join(w.sb.src, 'app.json'), 'utf8'), '{"port":8080}');
  });

  it('a symlink in the path to restore is refused, so nothing is written through it', async () => {
    const w = await world();
    symlinkSync(w.other, join(w.sb.src, 'link'));
    w.plant(join(w.sb.src, 'link', '.ssh', 'authorized_keys'), ATTACKER_KEY);
    await assert.rejects(
      restoreSnapshot({ snapshot: await w.snapshot(), runner, allowed: await w.allowed(), path: join(w.sb.src, 'link', '.ssh') }),
      /symlink/,
    );
    untouched(w);
  });

  it('a path outside the configured sources is refused even when the snapshot lists it', async () => {
    const w = await world();
    w.plant(join(w.other, '.ssh', 'authorized_keys'), ATTACKER_KEY);
    w.craft((s) => (s.sources = [...(s.sources as string[]), w.other]));
    await assert.rejects(restoreSnapshot({ snapshot: await w.snapshot(), runner, allowed: await w.allowed(), path: join(w.other, '.ssh') }), /di luar folder backup/);
    untouched(w);
  });
});
