import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cb, parseAlertData, parseAlertToggleData, parseBackupData, parseLogsData, parseNetData, parsePowerData, parseUpdateData, parseUpdateGoData } from './callback-data.js';
import { targetOfArgument } from './menus/logs.js';

test('every button the menus build parses back to what it stands for and fits in 64 bytes', () => {
  assert.deepEqual(parseLogsData(cb.logsBack), { kind: 'back' });
  assert.deepEqual(parseLogsData(cb.logsSource('j12')), { kind: 'source', src: 'j12' });
  assert.deepEqual(parseLogsData(cb.logsAction('r', 'k')), { kind: 'action', src: 'r', act: 'k' });
  assert.equal(parseNetData(cb.net('speed')), 'speed');
  assert.equal(parseUpdateData(cb.update('deps')), 'deps');
  assert.equal(parsePowerData(cb.power('off')), 'off');
  for (const d of [cb.logsAction('j999', 'x'), cb.net('ping'), cb.update('apt'), cb.power('reboot')]) assert.ok(Buffer.byteLength(d) <= 64, d);
});

test('💾 Backup buttons parse back, including the per-snapshot ones the worker puts under the list', () => {
  assert.deepEqual(parseBackupData(cb.backup('run')), { kind: 'menu', act: 'run' });
  assert.deepEqual(parseBackupData(cb.backupTime('02:30')), { kind: 'time', time: '02:30' });
  assert.deepEqual(parseBackupData(cb.backupTypeTime), { kind: 'type-time' });
  // The worker builds these as literals (apps/worker/src/jobs/backup/present.ts).
  assert.deepEqual(parseBackupData('bk:r:2026-11-25'), { kind: 'snapshot', act: 'r', snapshot: '2026-11-25' });
  assert.deepEqual(parseBackupData('bk:c:2026-11-25_143000-12'), { kind: 'snapshot', act: 'c', snapshot: '2026-11-25_143000-12' });
  assert.deepEqual(parseBackupData(cb.snapshot('f', '2026-11-25_143000')), { kind: 'snapshot', act: 'f', snapshot: '2026-11-25_143000' });
  for (const bad of ['bk:', 'bk:rm', 'bk:t:2400', 'bk:t:2:30', 'bk:t:0260', 'bk:r:../etc', 'bk:r:2026-11-25/..', 'bk:x:2026-11-25', 'bk:r:2026-11-25:extra', 'bk:r']) {
    assert.equal(parseBackupData(bad), undefined, bad);
  }
});

test('"✅ Lanjut update" under a preview (built by the worker as upd:go:apt|git) parses apart from the menu buttons', () => {
  assert.equal(parseUpdateGoData('upd:go:apt'), 'apt');
  assert.equal(parseUpdateGoData('upd:go:git'), 'git');
  assert.equal(parseUpdateData('upd:go:apt'), undefined);
  for (const bad of ['upd:go:deps', 'upd:go', 'upd:go:apt:x', 'upd:apt']) assert.equal(parseUpdateGoData(bad), undefined, bad);
});

test('forged or malformed callback data parses to nothing', () => {
  for (const d of ['lg:', 'lg:x', 'lg:r:z', 'lg:r:t:extra', 'lg:j1234', 'lg:j-1', 'lg:r:t ', 'lg:r:\u0000', `lg:r:${'t'.repeat(70)}`, 'net:rm -rf', 'net:', 'upd:dist-upgrade', 'pw:halt', 'pw:reboot:now']) {
    assert.equal(parseLogsData(d) ?? parseNetData(d) ?? parseUpdateData(d) ?? parsePowerData(d), undefined, d);
  }
  assert.equal(parseLogsData(undefined), undefined);
});

test('/logs takes runtime, dmesg or a whitelisted unit (with or without .service) and nothing else', () => {
  const units = ['n8n.service', 'cloudflared.service'];
  assert.deepEqual(targetOfArgument('runtime', units), { source: 'runtime' });
  assert.deepEqual(targetOfArgument(' DMESG ', units), { source: 'dmesg' });
  assert.deepEqual(targetOfArgument('n8n', units), { source: 'journal', unit: 'n8n.service' });
  assert.deepEqual(targetOfArgument('cloudflared.service', units), { source: 'journal', unit: 'cloudflared.service' });
  for (const bad of ['sshd.service', '../x', '-H evil', 'a;reboot', '']) assert.equal(targetOfArgument(bad, units), undefined, bad);
});

test('alert buttons the worker writes parse back; a unit that is not a unit name parses to nothing', () => {
  assert.deepEqual(parseAlertData('alert:restart:n8n.service'), { kind: 'restart', unit: 'n8n.service' });
  assert.deepEqual(parseAlertData('alert:restart:app@a:b.service'), { kind: 'restart', unit: 'app@a:b.service' });
  assert.deepEqual(parseAlertData('alert:big:root'), { kind: 'big', target: 'root' });
  assert.deepEqual(parseAlertData('alert:big:hdd'), { kind: 'big', target: 'hdd' });
  for (const bad of ['alert:restart:', 'alert:restart:n8n', 'alert:restart:../x.service', 'alert:restart:-x.service', 'alert:big:/', 'alert:big:root:1', 'alert:mute:cpu:60']) {
    assert.equal(parseAlertData(bad), undefined, bad);
  }
});

test('⚙️ alert toggles parse to a family and on/off; an unknown family or state parses to nothing', () => {
  assert.deepEqual(parseAlertToggleData('set:alert:temp:off'), { family: 'temp', enabled: false });
  assert.deepEqual(parseAlertToggleData('set:alert:disk:on'), { family: 'disk', enabled: true });
  for (const bad of ['set:alert:gpu:on', 'set:alert:disk:yes', 'set:alert:disk', 'set:alerts', 'set:alert:disk:on:x']) assert.equal(parseAlertToggleData(bad), undefined, bad);
});
