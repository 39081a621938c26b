import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupBusyError } from '../runtime/errors.js';
import { acquireLock } from './lock.js';

const dir = mkdtempSync(join(tmpdir(), 'potion-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('backup lock', () => {
  it('is refused while another live process holds it, and taken over when that process is gone or from before a reboot', async () => {
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: holder.pid, what: 'backup scheduled', bootId }));
      await assert.rejects(acquireLock(dir, 'test'), (e: unknown) => e instanceof BackupBusyError && e.what === 'backup scheduled');
      // Written before a power cut: same pid number, but another boot.
      writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: holder.pid, what: 'backup scheduled', bootId: 'another-boot' }));
      const release = await acquireLock(dir, 'test');
      await release();
      assert.equal(existsSync(join(dir, '.lock')), false);
    } finally {
      holder.kill('SIGKILL');
    }
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, what: 'dead' }));
    const release = await acquireLock(dir, 'test');
    await release();
  });
});
