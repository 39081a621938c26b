import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createHostProofKey, loadHostProofKey, removeHostProofKey } from './host-proof-key.js';
import { loadOrCreateProofKey } from './job-proof.js';

// Decision 043: the bot signs a joined host's jobs with that host's own key, so a host that
// leaks its key (a compromised Pi) cannot sign a job for the main machine or another host.

const subject = (hostId: string) => ({ hostId, name: 'host.reboot', payload: {}, meta: { requestId: 'r1', by: { kind: 'telegram', userId: 1 } } });

test('each host has its own key: a proof made with the Pi key does not pass on the main host, and the other way round', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'potion-keys-'));
  const home = loadOrCreateProofKey(dataDir);
  const text = createHostProofKey(dataDir, 'pi');
  const file = join(dataDir, 'keys', 'hosts', 'pi.key');
  assert.equal(readFileSync(file, 'utf8'), `${text}\n`);
  assert.equal((statSync(file).mode & 0o777).toString(8), '600');
  assert.equal((statSync(join(dataDir, 'keys', 'hosts')).mode & 0o777).toString(8), '700');
  const pi = loadHostProofKey(dataDir, 'pi', 'home');
  assert.ok(pi);
  const forPi = pi.sign({ ...subject('pi'), at: 1000 });
  assert.equal(pi.verify(subject('pi'), forPi), true);
  // The main host's signer is its own job-proof.key.
  const homeSigner = loadHostProofKey(dataDir, 'home', 'home');
  assert.ok(homeSigner);
  assert.equal(homeSigner.verify(subject('home'), home.sign({ ...subject('home'), at: 1000 })), true);
  // A Pi that signs a job for home with its own key is refused by home's worker.
  assert.equal(home.verify(subject('home'), pi.sign({ ...subject('home'), at: 1000 })), false);
  assert.equal(pi.verify(subject('pi'), home.sign({ ...subject('pi'), at: 1000 })), false);
  assert.throws(() => createHostProofKey(dataDir, 'pi'), /EEXIST/, 'an existing key is never replaced');
  assert.equal(loadHostProofKey(dataDir, 'vps', 'home'), undefined, 'no key for a host never added');
  assert.throws(() => loadHostProofKey(dataDir, '../job-proof', 'home'), /is not a host name/);
  assert.equal(removeHostProofKey(dataDir, 'pi'), true);
  assert.equal(loadHostProofKey(dataDir, 'pi', 'home'), undefined);
});
