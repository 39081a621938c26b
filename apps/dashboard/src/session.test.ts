import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordFromAuthorization, passwordMatches, readCookie, SessionSigner } from './session.js';

test('a session cookie is valid until it expires, for the password and the generation that signed it', () => {
  const s = new SessionSigner('first-password-123');
  const cookie = s.issue(10_000_000, 'gen-a');
  assert.equal(s.valid(cookie, 9_000_000, 'gen-a'), true);
  assert.equal(s.valid(cookie, 10_000_000, 'gen-a'), false, 'expired');
  assert.equal(s.valid(cookie, 0, 'gen-b'), false, 'a new generation (logout) ends it');
  assert.equal(new SessionSigner('other-password-123').valid(cookie, 0, 'gen-a'), false, 'a new password logs sessions out');
  const [exp, sig] = cookie.split('.');
  assert.equal(s.valid(`${Number(exp) + 1000}.${sig}`, 0, 'gen-a'), false, 'a stretched expiry breaks the signature');
  assert.equal(s.valid(undefined, 0, 'gen-a'), false);
  assert.equal(s.valid('garbage', 0, 'gen-a'), false);
  assert.notEqual(s.owns('gen-a'), new SessionSigner('other-password-123').owns('gen-a'), 'the owner tag depends on the password');
});

test('passwords compare exactly, whatever their length', () => {
  assert.equal(passwordMatches('abc-password-1', 'abc-password-1'), true);
  assert.equal(passwordMatches('abc-password-', 'abc-password-1'), false);
  assert.equal(passwordMatches('', 'abc-password-1'), false);
});

test('Authorization accepts Bearer and Basic with any user name', () => {
  assert.equal(passwordFromAuthorization('Bearer s3cret-value'), 's3cret-value');
  assert.equal(passwordFromAuthorization(`Basic ${Buffer.from('prom:pa:ss').toString('base64')}`), 'pa:ss');
  assert.equal(passwordFromAuthorization('Digest x'), undefined);
  assert.equal(passwordFromAuthorization(undefined), undefined);
});

test('readCookie finds one cookie among several', () => {
  assert.equal(readCookie('a=1; potion_session=xyz; b=2', 'potion_session'), 'xyz');
  assert.equal(readCookie('a=1', 'potion_session'), undefined);
});
