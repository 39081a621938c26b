import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ButtonCodec } from './codec.js';
import { MAX_CALLBACK_BYTES } from './codec.js';
import { BUTTON_FAMILIES, buttons } from './index.js';

/** Every kind of value of each family, with the largest values it takes in practice. */
const samples: { [K in keyof typeof buttons]: Array<(typeof buttons)[K] extends ButtonCodec<string, infer V> ? V : never> } = {
  status: [{ kind: 'detail' }, { kind: 'chart', hours: 1 }, { kind: 'chart', hours: 6 }, { kind: 'chart', hours: 24 }],
  kontrol: [{ kind: 'list' }, { kind: 'back' }, { kind: 'unit', index: 0 }, { kind: 'unit', index: 999 }, { kind: 'action', index: 999, verb: 'restart' }],
  docker: [{ kind: 'list' }, { kind: 'pick', index: 0 }, { kind: 'pick', index: 999 }, { kind: 'action', index: 999, action: 'restart' }, { kind: 'action', index: 0, action: 'logs' }, { kind: 'alert', index: 999, action: 'start' }],
  logs: [{ kind: 'back' }, { kind: 'source', src: 'r' }, { kind: 'source', src: 'j12' }, { kind: 'action', src: 'd', act: 'k' }, { kind: 'action', src: 'j999', act: 'x' }],
  net: ['ip', 'ping', 'ts', 'speed'],
  update: ['apt', 'deps', 'git'],
  power: ['reboot', 'off'],
  backup: [
    { kind: 'menu', act: 'run' },
    { kind: 'menu', act: 'prune' },
    { kind: 'time', time: '02:30' },
    { kind: 'time', time: '23:59' },
    { kind: 'type-time' },
    { kind: 'snapshot', act: 'r', snapshot: '2026-11-25' },
    { kind: 'snapshot', act: 'f', snapshot: '2026-11-25_143000-123' },
    { kind: 'snapshot', act: 'o', snapshot: '2026-11-25_143000-123' },
    { kind: 'plan-go', token: 'AbCdEf0123456789_-xyz012' },
  ],
  browse: [
    { token: 'AbCdEf0123456789_-xyz012', act: 'open', n: 99 },
    { token: 'AbCdEf', act: 'page', n: 0 },
    { token: 'AbCdEf0123456789_-xyz012', act: 'page', n: 99999 },
    { token: 'AbCdEf', act: 'up', n: 0 },
    { token: 'AbCdEf', act: 'restore', n: 0 },
    { token: 'AbCdEf', act: 'send', n: 0 },
  ],
  alert: [
    { kind: 'restart', unit: 'n8n.service' },
    { kind: 'restart', unit: 'app@a:b.service' },
    { kind: 'big', target: 'root' },
    { kind: 'big', target: 'hdd' },
    { kind: 'mute', alertId: 'cpu', minutes: 60 },
    { kind: 'mute', alertId: 'svc.app@a:b.service', minutes: 480 },
    { kind: 'mute-tomorrow', alertId: 'disk.root' },
    { kind: 'mute', alertId: 'all', minutes: 99999 },
  ],
  settings: [
    { kind: 'schedule' },
    { kind: 'alerts' },
    { kind: 'admins' },
    { kind: 'about' },
    { kind: 'maintenance', minutes: 0 },
    { kind: 'maintenance', minutes: 120 },
    { kind: 'maintenance', minutes: 9999 },
    { kind: 'toggle', family: 'backup', enabled: true },
    { kind: 'toggle', family: 'temp', enabled: false },
  ],
  clean: [{ kind: 'plan' }, { kind: 'go', kinds: ['apt'] }, { kind: 'go', kinds: ['autoremove', 'journal', 'apt'] }],
  host: [{ menu: 'st' }, { menu: 'ctl', hostId: 'pi' }, { menu: 'upd', hostId: 'a'.repeat(32) }, { menu: 'logs', hostId: 'pi-2' }],
  tune: [
    { kind: 'home' },
    { kind: 'group', group: 'general' },
    { kind: 'value', id: 'login.window' },
    { kind: 'default', id: 'cpu.pct' },
    { kind: 'type', id: 'remind' },
    { kind: 'set', id: 'login.window', value: 999999999 },
    { kind: 'set', id: 'temp.c', value: 0 },
    { kind: 'activity', page: 0 },
    { kind: 'activity', page: 20 },
  ],
  selfUpdate: ['check', 'go'],
  confirm: ['AbCdEf0123456_-x'],
  cancel: ['AbCdEf0123456_-x'],
};

/** Data each family must refuse: forged, stale, malformed, or someone else's family. */
const malformed: Record<keyof typeof buttons, string[]> = {
  status: ['status:', 'status:details', 'status:chart', 'status:chart:2', 'status:chart:1:x', 'status:detail:', 'bk:run'],
  host: ['hp:', 'hp:x', 'hp:ctl:Pi', 'hp:ctl:a@b', 'hp:ctl:a:b', `hp:ctl:${'a'.repeat(33)}`, 'hp:ctl:-a', 'hp:ctl:'],
  kontrol: ['ctl:', 'ctl:u', 'ctl:u:1234', 'ctl:u:-1', 'ctl:a:1:reload', 'ctl:a:1', 'ctl:list:x', 'ctl:a:1:start:now'],
  docker: ['dk:', 'dk:c', 'dk:c:1234', 'dk:c:-1', 'dk:c:web', 'dk:a:1:rm', 'dk:a:1', 'dk:list:x', 'dk:a:1:stop:now', 'dk:n:1', 'dk:n:x:start', 'ctl:list'],
  logs: ['lg:', 'lg:x', 'lg:r:z', 'lg:r:t:extra', 'lg:j1234', 'lg:j-1', 'lg:r:t ', 'lg:r:\u0000', `lg:r:${'t'.repeat(70)}`],
  net: ['net:rm -rf', 'net:', 'net:ip:x', 'net:IP'],
  update: ['upd:dist-upgrade', 'upd:', 'upd:apt:now'],
  power: ['pw:halt', 'pw:reboot:now', 'pw:'],
  backup: ['bk:', 'bk:rm', 'bk:t:2400', 'bk:t:2:30', 'bk:t:0260', 'bk:r:../etc', 'bk:r:2026-11-25/..', 'bk:x:2026-11-25', 'bk:r:2026-11-25:extra', 'bk:r', 'bk:go:abc', 'bk:go:a/b/c/d/e', `bk:go:${'a'.repeat(25)}`],
  browse: ['bb:', 'bb:AbCdEf', 'bb:AbCdEf:o100', 'bb:AbCdEf:p123456', 'bb:AbCdEf:x', 'bb:abc:u', 'bb:AbCdEf:u:1', 'bb:AbCd/f:u'],
  alert: [
    'alert:restart:',
    'alert:restart:n8n',
    'alert:restart:../x.service',
    'alert:restart:-x.service',
    'alert:big:/',
    'alert:big:root:1',
    'alert:mute:cpu',
    'alert:mute::60',
    'alert:mute:cpu:123456',
    'alert:mute:cpu:x',
    'alert:mute:-cpu:60',
  ],
  settings: ['set:', 'set:alert:gpu:on', 'set:alert:disk:yes', 'set:alert:disk', 'set:alert:disk:on:x', 'set:maint:10081', 'set:maint:12345', 'set:maint:-1', 'set:about:x'],
  clean: ['clean:', 'clean:plan:now', 'clean:go', 'clean:go:podman', 'clean:go:apt:apt', 'clean:go:rm -rf'],
  tune: ['tn:', 'tn:h:x', 'tn:g:gpu', 'tn:v:cpu', 'tn:v:cpu.pct:1', 'tn:s:cpu.pct', 'tn:s:cpu.pct:-5', 'tn:s:cpu.pct:8.5', 'tn:s:cpu.pct:1234567890', 'tn:s:x.y:5', 'tn:a:', 'tn:a:123', 'tn:a:-1', 'tn:k:remind:5'],
  selfUpdate: ['self:', 'self:run', 'self:go:now', 'self:check:x', 'self:GO'],
  confirm: ['cf:', 'cf:a b', 'cf:a:b', `cf:${'a'.repeat(61)}`, 'cx:AbCdEf0123456_-x'],
  cancel: ['cx:', 'cx:a/b', 'cf:AbCdEf0123456_-x'],
};

test('every button value of every family builds data that parses back to the same value, within 64 bytes', () => {
  for (const [name, values] of Object.entries(samples)) {
    const codec = buttons[name as keyof typeof buttons] as ButtonCodec<string, unknown>;
    for (const value of values) {
      const data = codec.build(value);
      assert.ok(Buffer.byteLength(data) <= MAX_CALLBACK_BYTES, `${name}: ${data} is longer than 64 bytes`);
      assert.match(data, codec.pattern, data);
      assert.deepEqual(codec.parse(data), value, data);
    }
  }
});

test('forged, stale or malformed data parses to undefined', () => {
  for (const [name, datas] of Object.entries(malformed)) {
    const codec = buttons[name as keyof typeof buttons] as ButtonCodec<string, unknown>;
    for (const data of datas) assert.equal(codec.parse(data), undefined, `${name} accepted ${JSON.stringify(data)}`);
    assert.equal(codec.parse(undefined), undefined);
  }
});

test('data over 64 bytes is never built: build throws, tryBuild leaves the button out', () => {
  const unit = `${'a'.repeat(60)}.service`;
  assert.equal(buttons.alert.tryBuild({ kind: 'restart', unit }), undefined);
  assert.throws(() => buttons.alert.build({ kind: 'restart', unit }), RangeError);
  assert.equal(buttons.alert.tryBuild({ kind: 'mute-tomorrow', alertId: `svc.${unit}` }), undefined);
  // The longest unit name that still fits parses back.
  const longest = `${'a'.repeat(64 - 'alert:restart:.service'.length)}.service`;
  assert.deepEqual(buttons.alert.parse(buttons.alert.build({ kind: 'restart', unit: longest })), { kind: 'restart', unit: longest });
});

test('each family has one codec, and the families are the ones the layout check knows', () => {
  assert.deepEqual([...BUTTON_FAMILIES].sort(), ['alert', 'bb', 'bk', 'cf', 'clean', 'ctl', 'cx', 'dk', 'hp', 'lg', 'net', 'pw', 'self', 'set', 'status', 'tn', 'upd']);
  for (const codec of Object.values(buttons)) {
    const others = Object.values(buttons).filter((c) => c !== codec);
    assert.ok(!others.some((c) => c.pattern.test(`${codec.family}:x`)), `${codec.family} overlaps another family`);
  }
});
