import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from './logger.js';

test('a LOG_DIR linked to an unmounted HDD does not crash the process: it logs to stdout (the journal) only', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-logdir-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const logs = join(dir, 'logs');
  symlinkSync(join(dir, 'mnt', 'potion-data', 'potion-runner-logs'), logs);
  const log = createLogger({ name: 'test', logDir: logs, level: 'silent' });
  assert.doesNotThrow(() => log.info('still running'));
});
