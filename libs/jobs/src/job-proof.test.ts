import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { canonicalJson, loadOrCreateProofKey, loadProofKey, PROOF_KEY_FILE, type ProofSubject } from './job-proof.js';

const subject: ProofSubject = {
  hostId: 'home',
  name: 'service.restart',
  payload: { unit: 'n8n.service' },
  meta: { requestId: 'u42', by: { kind: 'telegram', userId: 1001 }, chatId: 1001, messageId: 7 },
  at: 1_700_000_000_000,
};

test('the worker creates one private key file that the bot then reads; both sign alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'potion-proof-'));
  assert.equal(loadProofKey(dir), undefined, 'no key before the worker started');
  const worker = loadOrCreateProofKey(dir);
  const again = loadOrCreateProofKey(dir);
  const bot = loadProofKey(dir)!;
  assert.equal((statSync(join(dir, PROOF_KEY_FILE)).mode & 0o777).toString(8), '600');
  assert.equal((statSync(join(dir, 'keys')).mode & 0o777).toString(8), '700');
  assert.ok(readFileSync(join(dir, PROOF_KEY_FILE), 'utf8').trim().length >= 43);
  const proof = bot.sign(subject);
  const { at: _at, ...rest } = subject;
  assert.equal(worker.verify(rest, proof), true);
  assert.equal(again.verify(rest, proof), true);
});

test('a proof holds for exactly its job: any other host, name, payload, requester, chat, message or time fails', () => {
  const signer = loadOrCreateProofKey(mkdtempSync(join(tmpdir(), 'potion-proof-')));
  const proof = signer.sign(subject);
  const { at: _at, ...rest } = subject;
  const variants: Array<Omit<ProofSubject, 'at'>> = [
    { ...rest, hostId: 'other' },
    { ...rest, name: 'host.reboot' },
    { ...rest, payload: { unit: 'cloudflared.service' } },
    { ...rest, meta: { ...rest.meta, by: { kind: 'system', name: 'battery' } } },
    { ...rest, meta: { ...rest.meta, by: { kind: 'telegram', userId: 1002 } } },
    { ...rest, meta: { ...rest.meta, requestId: 'u43' } },
    { ...rest, meta: { ...rest.meta, chatId: -100123 } },
    { ...rest, meta: { ...rest.meta, messageId: 8 } },
  ];
  for (const v of variants) assert.equal(signer.verify(v, proof), false, JSON.stringify(v));
  assert.equal(signer.verify(rest, { ...proof, at: proof.at + 1 }), false, 'the time is signed too');
  const other = loadOrCreateProofKey(mkdtempSync(join(tmpdir(), 'potion-proof-')));
  assert.equal(other.verify(rest, proof), false, 'another key');
});

test('canonical JSON sorts keys at every level and drops undefined, so key order never matters', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  assert.equal(canonicalJson({ unit: 'x', path: '/a' }), canonicalJson({ path: '/a', unit: 'x' }));
});
