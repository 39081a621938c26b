import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planCopy, rebaseExcludes } from './copy.js';

describe('snapshot copy plan', () => {
  it('rebases full-path excludes onto each folder source and drops those of other folders', () => {
    const ex = ['node_modules/', '.env', '/srv/app/cache/', '/srv/other/x', '/srv/app/tmp.log'];
    assert.deepEqual(rebaseExcludes(ex, '/srv/app'), ['node_modules/', '.env', '/cache/', '/tmp.log']);
    assert.deepEqual(rebaseExcludes(ex, '/srv/other'), ['node_modules/', '.env', '/x']);
    // "/srv/app-old" is not inside "/srv/app".
    assert.deepEqual(rebaseExcludes(['/srv/app-old/'], '/srv/app'), []);
    assert.deepEqual(rebaseExcludes(['/data/backups/'], '/'), ['/data/backups/']);
    assert.equal(rebaseExcludes(['/srv/app/'], '/srv/app'), undefined, 'a source that is itself excluded is not copied');
  });

  it('one run per folder (from its root, linked to the same folder of the previous snapshot), one --relative run for the single files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'potion-plan-'));
    try {
      const app = join(root, 'app');
      const logs = join(root, 'logs');
      mkdirSync(app);
      mkdirSync(logs);
      const fstab = join(root, 'fstab');
      writeFileSync(fstab, 'x');
      const prev = join(root, 'prev-data');
      mkdirSync(join(prev, app), { recursive: true });
      const runs = await planCopy({ sources: [app, logs, fstab], missing: [], includes: ['.env.example'], excludes: ['.env', `${app}/cache/`] }, '/hdd/new/data', prev);
      assert.equal(runs.length, 3);
      assert.deepEqual(runs[0]!.rsync, { delete: true, includes: ['.env.example'], sources: [`${app}/`], dest: join('/hdd/new/data', app), relative: false, excludes: ['.env', '/cache/'], linkDest: join(prev, app) });
      assert.equal(runs[0]!.prefix, app.slice(1));
      // logs/ is not in the previous snapshot: no --link-dest for it (rsync would warn).
      assert.equal(runs[1]!.rsync.linkDest, undefined);
      assert.deepEqual(runs[2]!.rsync, { delete: true, includes: ['.env.example'], sources: [fstab], dest: '/hdd/new/data', relative: true, excludes: ['.env', `${app}/cache/`], linkDest: prev });
      assert.equal(runs[2]!.prefix, '');

      const wild = await planCopy({ sources: [app, logs], missing: [], includes: [], excludes: ['/srv/*/cache/'] }, '/hdd/new/data', undefined);
      assert.equal(wild.length, 1, 'a full-path pattern with a wildcard keeps the single --relative run, which applies it exactly');
      assert.deepEqual(wild[0]!.rsync.sources, [app, logs]);
      // Patterns that span folders, or name a folder on a source's own path, act on full paths too.
      for (const pattern of ['alice/.ssh/', 'cache/**', '[ab]*.log', 'app', 'lo?s/']) {
        const runs = await planCopy({ sources: [app, logs], missing: [], includes: [], excludes: [pattern] }, '/hdd/new/data', undefined);
        assert.equal(runs.length, 1, pattern);
        assert.equal(runs[0]!.rsync.relative, true, pattern);
      }
      const defaults = await planCopy({ sources: [app, logs], missing: [], includes: ['.env.example'], excludes: ['node_modules/', '.env', '.env.*', '*.pem', 'id_rsa*'] }, '/hdd/new/data', undefined);
      assert.equal(defaults.length, 2, 'the default filters keep one run per folder');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
