import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENV_VARS, type EnvVar } from '@potion/platform';
import { applyTuning, readOverrides, showValue, valueIn, type TunedConfig } from './apply.js';
import { TUNABLE_IDS, TUNABLES, TUNE_GROUPS, tunablesOf } from './catalog.js';
import { parseTyped } from './typed.js';

const MB = 1024 * 1024;

/** The `.env` defaults as the config holds them (ms, bytes). */
const base: TunedConfig = {
  alerts: {
    cpuPercent: 90,
    cpuForMs: 300_000,
    ramMinBytes: 500 * MB,
    diskPercent: 90,
    tempC: 85,
    tempForMs: 180_000,
    netForMs: 60_000,
    remindMs: 15 * 60_000,
    clearForMs: 60_000,
    margins: { cpuPercent: 10, diskPercent: 2, tempC: 5, ramBytes: 100 * MB },
    netTarget: undefined,
    netTimeoutMs: 2000,
    batteryCriticalPercent: 10,
    digestTime: '07:00',
    loginFailCount: 5,
    loginFailWindowMs: 10 * 60_000,
    hostSilentMs: 3 * 60_000,
  },
  probeForMs: 60_000,
};

test('each tunable takes the range of its .env variable: both ends parse there, one past either end does not', () => {
  for (const id of TUNABLE_IDS) {
    const t = TUNABLES[id];
    const schema = ENV_VARS[t.env].schema;
    assert.equal(schema.safeParse(String(t.min)).success, true, `${id} min`);
    assert.equal(schema.safeParse(String(t.max)).success, true, `${id} max`);
    assert.equal(schema.safeParse(String(t.min - 1)).success, false, `${id} below`);
    assert.equal(schema.safeParse(String(t.max + 1)).success, false, `${id} above`);
    for (const p of t.presets) assert.ok(p >= t.min && p <= t.max, `${id} preset ${p} outside ${t.min}-${t.max}`);
  }
});

test('each tunable reads back its .env default from the config, in its own unit', () => {
  for (const id of TUNABLE_IDS) {
    const decl: EnvVar = ENV_VARS[TUNABLES[id].env];
    assert.equal(valueIn(id, base), Number(decl.default), id);
  }
});

test('every group has a page with at least one value, and every value is on exactly one page', () => {
  const onPages = TUNE_GROUPS.flatMap((g) => tunablesOf(g).map((t) => t.id));
  assert.deepEqual([...onPages].sort(), [...TUNABLE_IDS].sort());
  for (const g of TUNE_GROUPS) assert.ok(tunablesOf(g).length > 0, g);
});

test('overrides land where the engine reads them, scaled to ms and bytes, without touching the .env config', () => {
  const tuned = applyTuning(base, { 'cpu.for': 60, 'ram.min': 1000, 'ram.margin': 50, 'temp.c': 70, 'probe.for': 120, 'login.window': 30, remind: 5 });
  assert.equal(tuned.alerts.cpuForMs, 60_000);
  assert.equal(tuned.alerts.ramMinBytes, 1000 * MB);
  assert.equal(tuned.alerts.margins.ramBytes, 50 * MB);
  assert.equal(tuned.alerts.tempC, 70);
  assert.equal(tuned.probeForMs, 120_000);
  assert.equal(tuned.alerts.loginFailWindowMs, 30 * 60_000);
  assert.equal(tuned.alerts.remindMs, 5 * 60_000);
  assert.equal(tuned.alerts.cpuPercent, 90, 'a value not set keeps its .env default');
  assert.equal(base.alerts.cpuForMs, 300_000, 'the .env config is not changed');
  assert.equal(base.alerts.margins.ramBytes, 100 * MB);
});

test('what Redis holds is checked again: unknown fields and values out of range are left out and named', () => {
  const r = readOverrides({ 'cpu.pct': '80', 'disk.pct': '101', 'temp.c': '-5', 'gpu.pct': '50', remind: '7.5', clear: '0' });
  assert.deepEqual(r.overrides, { 'cpu.pct': 80, clear: 0 });
  assert.deepEqual(r.rejected.sort(), ['disk.pct', 'gpu.pct', 'remind', 'temp.c']);
});

test('a typed number is read with or without its unit; anything else is answered with the allowed range', () => {
  assert.deepEqual(parseTyped('cpu.pct', ' 85 '), { ok: true, value: 85 });
  assert.deepEqual(parseTyped('cpu.pct', '85%'), { ok: true, value: 85 });
  assert.deepEqual(parseTyped('cpu.for', '300 detik'), { ok: true, value: 300 });
  assert.deepEqual(parseTyped('ram.min', '750MB'), { ok: true, value: 750 });
  const big = parseTyped('cpu.pct', '150');
  assert.equal(big.ok, false);
  assert.equal(!big.ok && big.text, '❌ "150" kegedean. Batas CPU harus angka bulat 1–100%. Ketik lagi ya, misalnya 85.');
  const word = parseTyped('temp.c', 'panas');
  assert.equal(!word.ok && word.text, '❌ "panas" bukan angka bulat. Batas suhu CPU harus angka bulat 30–150°C. Ketik lagi ya, misalnya 85.');
  const small = parseTyped('temp.c', '20');
  assert.equal(!small.ok && small.reason, 'kekecilan');
  for (const bad of ['8.5', '-1', '1e3', '', '0x10', '85 % %']) assert.equal(parseTyped('cpu.pct', bad).ok, false, bad);
  const longWord = parseTyped('remind', `${'x'.repeat(50)}\u202e`);
  assert.match(!longWord.ok ? longWord.text : '', /^❌ "x{20}" bukan angka bulat\. Jarak pengingat harus angka bulat 1–10080 menit\./);
});

test('values read in their unit, with the duration beside long seconds and minutes', () => {
  assert.equal(showValue('cpu.pct', 80), '80%');
  assert.equal(showValue('temp.c', 85), '85°C');
  assert.equal(showValue('ram.min', 500), '500 MB');
  assert.equal(showValue('cpu.for', 45), '45 detik');
  assert.equal(showValue('cpu.for', 300), '300 detik (5 menit)');
  assert.equal(showValue('remind', 90), '90 menit (1 jam 30 menit)');
  assert.equal(showValue('login.count', 5), '5 kali');
});
