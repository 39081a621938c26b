import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandError, type CommandFailure } from '@potion/adapters';
import { UnrecoverableError } from 'bullmq';
import { UserFacingError } from './errors.js';
import { classifyFailure, isPermanent } from './retry-policy.js';

const cmd = (command: string, args: string[], failure: CommandFailure, stderr = '', exitCode: number | undefined = 1) =>
  new CommandError(command, args, failure, exitCode, undefined, stderr, '', 5);

// What /usr/bin/systemctl (systemd 252) prints on a machine where systemd is not PID 1.
const NO_SYSTEMD = "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n";

test('systemctl that cannot reach systemd is permanent, and says so in a few words', () => {
  assert.deepEqual(classifyFailure(cmd('systemctl', ['show', '--', 'n8n.service'], 'exit', NO_SYSTEMD)), { permanent: true, why: 'systemd gak jalan di mesin ini' });
  assert.deepEqual(classifyFailure(cmd('systemctl', ['show'], 'exit', 'Failed to connect to bus: No such file or directory\n')), { permanent: true, why: 'systemd gak jalan di mesin ini' });
  assert.equal(isPermanent(cmd('sudo', ['-n', 'systemctl', 'restart', '--', 'n8n.service'], 'exit', NO_SYSTEMD)), true);
});

test('a tool that is not installed or may not run is permanent and named', () => {
  assert.deepEqual(classifyFailure(cmd('smartctl', [], 'not-found', '', undefined)), { permanent: true, why: '"smartctl" belum terpasang' });
  assert.deepEqual(classifyFailure(cmd('/opt/x/tool', [], 'denied', '', undefined)), { permanent: true, why: '"tool" gak boleh dijalankan (permission denied)' });
  assert.deepEqual(classifyFailure(cmd('sudo', ['-n', 'smartctl', '-j'], 'exit', 'sudo: smartctl: command not found\n')), { permanent: true, why: '"smartctl" belum terpasang' });
});

test('sudo without its rule, or blocked by "no new privileges", is permanent', () => {
  assert.deepEqual(classifyFailure(cmd('sudo', ['-n', 'smartctl', '-j'], 'exit', 'sudo: a password is required\n')), { permanent: true, why: 'izin sudo buat "smartctl" belum dipasang' });
  const nnp = classifyFailure(cmd('sudo', ['-n', 'systemctl', 'reboot'], 'exit', "sudo: The \"no new privileges\" flag is set, which prevents sudo from running as root.\n"));
  assert.equal(nnp.permanent, true);
  assert.match(nnp.why, /no new privileges/);
});

test('a timeout or an ordinary failing exit is retried, with the last stderr line as why', () => {
  assert.deepEqual(classifyFailure(cmd('systemctl', ['show'], 'timeout', '', undefined)), { permanent: false, why: '"systemctl" kelamaan gak jawab' });
  assert.deepEqual(classifyFailure(cmd('ping', ['-c', '1', 'x'], 'exit', 'first\nping: sendmsg: Network is unreachable\n', 2)), {
    permanent: false,
    why: '"ping" gagal (kode 2): ping: sendmsg: Network is unreachable',
  });
});

test('file errors: no permission is permanent, a missing file may appear later', () => {
  const err = (code: string) => Object.assign(new Error(`${code}: x`), { code });
  assert.deepEqual(classifyFailure(err('EACCES')), { permanent: true, why: 'gak ada izin baca' });
  assert.deepEqual(classifyFailure(err('EISDIR')), { permanent: true, why: 'isinya folder, bukan file' });
  assert.deepEqual(classifyFailure(err('ENOENT')), { permanent: false, why: 'file-nya gak ada' });
});

test('refusals stay permanent; a user-facing error keeps its own choice', () => {
  assert.equal(isPermanent(new UnrecoverableError('refused')), true);
  assert.equal(isPermanent(new UserFacingError('x', { permanent: false })), false);
  assert.equal(isPermanent(new Error('Connection is closed.')), false);
});
