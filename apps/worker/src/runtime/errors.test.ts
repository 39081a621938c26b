import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccessDeniedError, BackupBusyError, JobTimeoutError, UserFacingError } from './errors.js';
import { userErrorText } from './outcome.js';
import { classifyFailure } from './retry-policy.js';

test('a user-facing error is permanent and worth retrying later unless its options say otherwise', () => {
  const plain = new UserFacingError('pilih dulu service-nya');
  assert.deepEqual([plain.permanent, plain.retryLater, plain.userText, plain.message], [true, true, 'pilih dulu service-nya', 'pilih dulu service-nya']);
  const full = new UserFacingError('HDD penuh', { retryLater: false });
  assert.deepEqual([full.permanent, full.retryLater], [true, false]);
  assert.equal(classifyFailure(new UserFacingError('internet putus', { permanent: false })).permanent, false);
});

test('a busy backup says who holds the lock, is a user-facing error and is not retried', () => {
  const cause = new Error('EEXIST');
  const busy = new BackupBusyError({ what: 'backup scheduled', cause });
  assert.ok(busy instanceof UserFacingError);
  assert.equal(busy.name, 'BackupBusyError');
  assert.equal(busy.what, 'backup scheduled');
  assert.equal(busy.cause, cause);
  assert.match(userErrorText(busy), /Masih ada proses backup lain yang jalan \(backup scheduled\)/);
  assert.equal(classifyFailure(busy).permanent, true);
});

test('a refusal shows its user text, and a timeout says how long the job was given', () => {
  assert.equal(userErrorText(new AccessDeniedError('not an admin', { userText: 'Maaf, cuma admin.' })), 'Maaf, cuma admin.');
  assert.equal(classifyFailure(new AccessDeniedError('not an admin', { userText: 'Maaf, cuma admin.' })).permanent, true);
  const late = new JobTimeoutError({ timeoutMs: 90_000 });
  assert.equal(late.timeoutMs, 90_000);
  assert.equal(userErrorText(late), 'kelamaan, lebih dari 90 detik jadi aku hentikan');
});
