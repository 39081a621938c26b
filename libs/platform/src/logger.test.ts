import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AuditLog } from './audit.js';
import { createLogger, scrubSecrets } from './logger.js';

const TOKEN = '123456789:AAbbccddeeffgghhiijjkkllmmnnooppqqr';

describe('logging', () => {
  it('a line is in runtime.log before the next statement runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-log-'));
    const log = createLogger({ name: 'test', logDir: dir, level: 'info', stdout: false });
    log.info({ step: 1 }, 'first event');
    const text = readFileSync(join(dir, 'runtime.log'), 'utf8');
    assert.match(text, /"msg":"first event"/);
    assert.match(text, /"proc":"test"/);
  });

  it('the bot token never reaches a log, not even inside an error message or a URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-log-'));
    const log = createLogger({ name: 'test', logDir: dir, level: 'info', stdout: false, secrets: ['s3cret-dashboard-pw'] });
    log.error({ err: new Error(`request to https://api.telegram.org/bot${TOKEN}/getMe failed`), token: TOKEN }, `token is ${TOKEN}`);
    log.info({ cfg: { password: 'x' } }, 'login with s3cret-dashboard-pw');
    const text = readFileSync(join(dir, 'runtime.log'), 'utf8');
    assert.ok(!text.includes(TOKEN), 'token scrubbed');
    assert.ok(!text.includes('AAbbccddeeff'), 'no part of the token');
    assert.ok(!text.includes('s3cret-dashboard-pw'));
    assert.match(text, /\[redacted-token\]/);
  });

  it('scrubSecrets also catches percent-encoded tokens and the secret half of a known token', () => {
    const [id, secret] = TOKEN.split(':') as [string, string];
    for (const line of [
      `https://api.telegram.org/bot${id}%3A${secret}/getMe`,
      `bot${id}%3a${secret}`,
      `double ${id}%253A${secret}`,
      `form token=${encodeURIComponent(TOKEN)}&x=1`,
    ]) {
      const out = scrubSecrets(line);
      assert.ok(!out.includes(secret), out);
      assert.match(out, /\[redacted-token\]/, line);
    }
    // Split into its id and secret (a JSON object, a query string): only the known token's half is recognisable.
    const split = JSON.stringify({ id: Number(id), secret });
    assert.ok(!scrubSecrets(split, [TOKEN]).includes(secret), 'the secret half alone');
    const pw = 'pass word:with/odd&chars';
    assert.ok(!scrubSecrets(`next=${encodeURIComponent(pw)}`, [pw]).includes(encodeURIComponent(pw)), 'a known secret, percent-encoded');
  });

  it('scrubSecrets leaves ordinary text alone', () => {
    assert.equal(scrubSecrets('restart n8n.service at 12:30:00'), 'restart n8n.service at 12:30:00');
  });

  it('actions.log gets one JSON line per action with who, what, when and the outcome', () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-audit-'));
    const audit = new AuditLog(dir);
    audit.write({ requestId: 'r1', who: 'tg:1001', action: 'service.restart', outcome: 'started', detail: { unit: 'n8n.service' } });
    audit.write({ requestId: 'r1', who: 'tg:1001', action: 'service.restart', outcome: 'ok' });
    const lines = readFileSync(audit.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[0]?.who, 'tg:1001');
    assert.equal(lines[1]?.outcome, 'ok');
    assert.match(String(lines[0]?.at), /^\d{4}-\d\d-\d\dT/);
  });
});
