import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSources, systemFiles } from './sources.js';

const root = mkdtempSync(join(tmpdir(), 'potion-sources-'));
after(() => rmSync(root, { recursive: true, force: true }));
const cfg = { defaultSources: false, excludes: ['*.tmp'], includeSecrets: false, time: '02:30', keepDaily: 14, keepWeekly: 8, stopServices: [] };

describe('backup sources', () => {
  it('resolves symlinks, drops missing and nested sources, and excludes secrets and the backup folder', async () => {
    const app = join(root, 'app');
    mkdirSync(join(app, 'logs-real'), { recursive: true });
    mkdirSync(join(app, 'backups'));
    symlinkSync(join(app, 'logs-real'), join(root, 'logs'));
    const r = await resolveSources({ ...cfg, sources: [app, join(root, 'logs'), join(root, 'missing')] }, join(app, 'backups'), join(root, 'hdd'));
    assert.deepEqual(r.sources, [app]);
    assert.deepEqual(r.missing, [join(root, 'missing')]);
    for (const p of ['.env', '.env.*', '*.pem', '*.key', 'node_modules/', '*.tmp', `${join(app, 'backups')}/`]) assert.ok(r.excludes.includes(p), p);
    assert.ok(r.includes.includes('.env.example'));
    const opted = await resolveSources({ ...cfg, includeSecrets: true, sources: [app] }, join(root, 'elsewhere'), join(root, 'hdd'));
    assert.ok(!opted.excludes.includes('.env'));
  });

  it('adds fstab and the potion systemd units as system files', async () => {
    const etc = join(root, 'etc');
    mkdirSync(join(etc, 'systemd', 'system'), { recursive: true });
    writeFileSync(join(etc, 'fstab'), 'UUID=x /mnt/potion-data ext4 defaults,noatime 0 2\n');
    for (const u of ['potion-runner.service', 'potion-worker.service', 'ssh.service']) writeFileSync(join(etc, 'systemd', 'system', u), '');
    assert.deepEqual(await systemFiles(etc), [join(etc, 'fstab'), join(etc, 'systemd/system/potion-runner.service'), join(etc, 'systemd/system/potion-worker.service')]);
  });
});
