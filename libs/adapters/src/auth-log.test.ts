import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSshdMessage, parseSudoMessage } from './auth-log.js';
import { sample } from './sample.test-helper.js';

// Real lines: samples/sshd-debian12-9.2p1.txt is what Debian 12's sshd (OpenSSH 9.2p1, run
// with -D -e on 127.0.0.1:2222) wrote for a key login, a refused key, a wrong password for an
// unknown user and for root; samples/sudo-debian12-1.9.13.txt is what sudo 1.9.13p3 sent to
// /dev/log (syslog header cut). The other lines follow the same format strings with other values.
const real = (name: string) => sample(name).split('\n').filter(Boolean);

test('real sshd lines: one login, and one failure per connection once the closing lines are set aside', () => {
  const events = real('sshd-debian12-9.2p1.txt').map(parseSshdMessage).filter((e) => e !== undefined);
  assert.deepEqual(events, [
    { kind: 'login', user: 'root', from: '127.0.0.1', port: 44016, method: 'key', key: 'ED25519 SHA256:lvJv5lVzWO1XGQBuWOZJE3NoaMKLoeNWtZmKxNw1B0M' },
    { kind: 'failed', user: 'root', from: '127.0.0.1', port: 35374, invalidUser: false, closed: true },
    { kind: 'failed', user: 'nosuchuser', from: '127.0.0.1', port: 35388, invalidUser: true, closed: false },
    { kind: 'failed', user: 'nosuchuser', from: '127.0.0.1', port: 35388, invalidUser: true, closed: true },
    { kind: 'failed', user: 'root', from: '127.0.0.1', port: 35394, invalidUser: false, closed: false },
    { kind: 'failed', user: 'root', from: '127.0.0.1', port: 35394, invalidUser: false, closed: true },
  ]);
});

test('real sudo lines: the two commands; pam lines are no event', () => {
  const events = real('sudo-debian12-1.9.13.txt').map(parseSudoMessage).filter((e) => e !== undefined);
  assert.deepEqual(events, [
    { kind: 'sudo', user: 'root', runAs: 'nobody', command: '/usr/bin/true', tty: 'unknown' },
    { kind: 'sudo', user: 'root', runAs: 'nobody', command: '/usr/bin/ls -la /tmp', tty: 'unknown' },
  ]);
});

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
  assert.deepEqual(parseSshdMessage('Failed password for invalid user admin from 203.0.113.9 port 41234 ssh2'), { kind: 'failed', user: 'admin', from: '203.0.113.9', port: 41234, invalidUser: true, closed: false });
  assert.deepEqual(parseSshdMessage('Failed password for root from 203.0.113.9 port 41236 ssh2'), { kind: 'failed', user: 'root', from: '203.0.113.9', port: 41236, invalidUser: false, closed: false });
  assert.deepEqual(parseSshdMessage('Connection closed by invalid user oracle 203.0.113.9 port 41242 [preauth]'), { kind: 'failed', user: 'oracle', from: '203.0.113.9', port: 41242, invalidUser: true, closed: true });
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
