import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN, startFaultStack, type FaultStack } from './fault-harness.js';

// Item 6 of issue 9 (the LOG_DIR half; BACKUP_DIR waits for the backup issue). A full disk
// without root: every log file under LOG_DIR is a link to /dev/full, where each write fails
// with ENOSPC, exactly what a full partition answers.
describe('fault: the disk under LOG_DIR is full', { timeout: 60_000 }, () => {
  let s: FaultStack;
  before(async () => {
    s = await startFaultStack({
      env: { JOB_LOCK_MS: '1000' },
      beforeStart: (config) => {
        mkdirSync(config.logDir, { recursive: true });
        for (const f of ['actions.log', 'runtime.log']) symlinkSync('/dev/full', join(config.logDir, f));
      },
    });
  });
  after(async () => {
    await s?.stop();
  });

  it('bot and worker keep answering, the admins get one clear alert, and nothing restarts', async () => {
    const workerPid = s.worker()?.child.pid;
    const botPid = s.bot()?.child.pid;
    for (let i = 0; i < 3; i++) {
      const from = s.fake.calls.length;
      s.fake.type(ADMIN, '/services');
      const messageId = await s.pendingAfter(ADMIN, from);
      const edit = await s.finalEdit(ADMIN, messageId);
      assert.match(String(edit.params.text), /n8n\.service: active/);
    }
    const alert = await s.fake.waitForCall((c) => c.method === 'sendMessage' && c.params.chat_id === ADMIN && c.status === 200 && /penuh/i.test(String(c.params.text)), 15_000, 'the disk-full alert');
    assert.match(String(alert.params.text), new RegExp(s.config.logDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const alerts = s.fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === ADMIN && /penuh/i.test(String(c.params.text)));
    assert.equal(alerts.length, 1, 'one alert, not one per failed write');
    assert.equal(s.worker()?.child.pid, workerPid);
    assert.equal(s.bot()?.child.pid, botPid);
    assert.equal(s.worker()?.child.exitCode, null);
    assert.equal(s.bot()?.child.exitCode, null);
    // No property check: actions.log is a link to /dev/full here, so there is no audit to read.
  });
});
