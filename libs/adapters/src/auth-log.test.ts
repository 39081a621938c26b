import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSshdMessage, parseSudoMessage } from './auth-log.js';

// Message shapes from OpenSSH's auth.c/sshd.c format strings and sudo's logging (see
// auth-log.ts); no real journal of this machine held sshd/sudo lines (its journal is empty).

test('an SSH login with a key: user, address, port and the key fingerprint', () => {
  assert.deepEqual(parseSshdMessage('Accepted publickey for alice from 192.0.2.10 port 52144 ssh2: ED25519 SHA256:Xr2nZC8x0mBZbGm3YHqV9cB1yT5sIuJb6mKX0Q3aQfs'), {
    kind: 'login',
    user: 'alice',
    from: '192.0.2.10',
    port: 52144,
    method: 'key',
    key: 'ED25519 SHA256:Xr2nZC8x0mBZbGm3YHqV9cB1yT5sIuJb6mKX0Q3aQfs',
  });
});

test('an SSH login with a password (and keyboard-interactive through PAM), IPv6 source', () => {
  assert.deepEqual(parseSshdMessage('Accepted password for budi from 2001:db8::7 port 40022 ssh2'), { kind: 'login', user: 'budi', from: '2001:db8::7', port: 40022, method: 'password' });
  assert.equal((parseSshdMessage('Accepted keyboard-interactive/pam for budi from 10.0.0.5 port 1 ssh2') as { method: string }).method, 'password');
});

test('failed logins: a wrong password, an invalid user, a scanner that gave up', () => {
  assert.deepEqual(parseSshdMessage('Failed password for invalid user admin from 203.0.113.9 port 41234 ssh2'), { kind: 'failed', user: 'admin', from: '203.0.113.9', invalidUser: true });
  assert.deepEqual(parseSshdMessage('Failed password for root from 203.0.113.9 port 41236 ssh2'), { kind: 'failed', user: 'root', from: '203.0.113.9', invalidUser: false });
  assert.deepEqual(parseSshdMessage('Connection closed by authenticating user root 203.0.113.9 port 41240 [preauth]'), { kind: 'failed', user: 'root', from: '203.0.113.9', invalidUser: false });
  assert.deepEqual(parseSshdMessage('Connection closed by invalid user oracle 203.0.113.9 port 41242 [preauth]'), { kind: 'failed', user: 'oracle', from: '203.0.113.9', invalidUser: true });
});

test('other sshd lines are no event', () => {
  for (const m of ['Invalid user admin from 203.0.113.9 port 41234', 'Server listening on 0.0.0.0 port 22.', 'pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)', 'Received disconnect from 192.0.2.10 port 52144:11: disconnected by user']) {
    assert.equal(parseSshdMessage(m), undefined, m);
  }
});

test('sudo by a person: who, as whom, the command (with its arguments) and the terminal', () => {
  assert.deepEqual(parseSudoMessage('   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update'), { kind: 'sudo', user: 'alice', runAs: 'root', command: '/usr/bin/apt update', tty: 'pts/0' });
  assert.deepEqual(parseSudoMessage('bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/bash'), {
    kind: 'sudo',
    user: 'bob',
    runAs: 'root',
    command: '/bin/bash',
    tty: 'pts/1',
    denied: '3 incorrect password attempts',
  });
  assert.equal((parseSudoMessage('potion : PWD=/opt/potion ; USER=root ; COMMAND=/usr/bin/systemctl restart n8n.service') as { tty: string }).tty, 'unknown');
});

test('sudo session lines are no event', () => {
  assert.equal(parseSudoMessage('pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)'), undefined);
  assert.equal(parseSudoMessage('pam_unix(sudo:session): session closed for user root'), undefined);
});
