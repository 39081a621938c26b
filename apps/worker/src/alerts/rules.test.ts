import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type HostSample } from '@potion/jobs';
import { loadConfig, type AlertConfig } from '@potion/platform';
import { observe, timingOf } from './rules.js';
import { step } from './state-machine.js';
import { syntheticSample, type SyntheticOptions } from './synthetic.js';
import type { AlertEvent, AlertState, Observation } from './types.js';

const HDD = '/mnt/potion-data';
const prd = (env: Record<string, string> = {}): AlertConfig => loadConfig({ env, cwd: mkdtempSync(join(tmpdir(), 'potion-rules-')) }).alerts;
const STEP = 30_000;

interface Fired {
  t: number;
  id: string;
  event: AlertEvent;
  obs: Observation;
}

/** Folds a sample series through the rules and the state machine, like the worker does every sample. */
function simulate(series: HostSample[], cfg: AlertConfig, stopped: string[] = []): Fired[] {
  const states = new Map<string, AlertState>();
  const out: Fired[] = [];
  let previous: HostSample | undefined;
  for (const s of series) {
    const obs = observe({ sample: s, previous, cfg, hddMount: HDD, open: new Set(states.keys()), stoppedOnPurpose: new Set(stopped) });
    for (const o of obs) {
      const r = step(states.get(o.id), o, s.at, timingOf(o, cfg));
      if (r.next) states.set(o.id, r.next);
      else states.delete(o.id);
      if (r.event) out.push({ t: s.at / 1000, id: o.id, event: r.event, obs: o });
    }
    previous = s;
  }
  return out;
}

/** One sample every 30 s from t=0; `at(sec)` gives the figures of that moment. */
function series(untilSec: number, at: (sec: number, i: number) => Omit<SyntheticOptions, 'at'>): HostSample[] {
  const out: HostSample[] = [];
  for (let t = 0, i = 0; t <= untilSec; t += STEP / 1000, i++) out.push(syntheticSample({ at: t * 1000, ...at(t, i) }));
  return out;
}

const brief = (f: Fired[]) => f.map((e) => `${e.id}:${e.event}@${e.t}`);

describe('alert rules over a sample series (PRD section 14 defaults)', () => {
  it('the defaults are the PRD values: CPU 90% for 5 min, RAM 500 MB, disk 90%, temp 85°C for 3 min, reminder 15 min', () => {
    const c = prd();
    assert.deepEqual(
      [c.cpuPercent, c.cpuForMs, c.ramMinBytes, c.diskPercent, c.tempC, c.tempForMs, c.remindMs],
      [90, 300_000, 500 * 1024 * 1024, 90, 85, 180_000, 900_000],
    );
  });

  it('CPU above 90% fires once after 5 minutes, reminds after 15 more, and recovers once', () => {
    const ev = simulate(series(1800, (t) => ({ cpu: t < 1530 ? 95 : 50 })), prd());
    assert.deepEqual(brief(ev), ['cpu:fire@300', 'cpu:remind@1200', 'cpu:recover@1590']);
  });

  it('CPU above 90% for less than 5 minutes sends nothing', () => {
    assert.deepEqual(simulate(series(1200, (t) => ({ cpu: t < 270 ? 99 : 20 })), prd()), []);
  });

  it('CPU flapping around 90% fires once and never recovers inside the margin', () => {
    const ev = simulate(series(1800, (_t, i) => ({ cpu: i % 2 ? 89 : 91 })), prd());
    assert.deepEqual(brief(ev), ['cpu:fire@300', 'cpu:remind@1200']);
  });

  it('CPU dropping well below between spikes never holds for 5 minutes, so nothing fires', () => {
    assert.deepEqual(simulate(series(1800, (_t, i) => ({ cpu: i % 2 ? 40 : 99 })), prd()), []);
  });

  it('a fired alert whose value flaps between high and clear sends no recovery until it stays clear', () => {
    const ev = simulate(series(2400, (t, i) => ({ cpu: t < 400 ? 95 : t < 1000 ? (i % 2 ? 30 : 95) : 20 })), prd());
    assert.deepEqual(brief(ev), ['cpu:fire@300', 'cpu:recover@1050']);
  });

  it('RAM available under 500 MB fires at once; recovery needs more than 600 MB', () => {
    const ev = simulate(series(600, (t) => ({ availMb: t < 120 ? 400 : t < 300 ? 550 : 900 })), prd());
    assert.deepEqual(brief(ev), ['ram:fire@0', 'ram:recover@360']);
  });

  it('disk / and the HDD above 90% fire separately, each with a "Lihat yang besar" button, and / with 🧹 Bersihkan', () => {
    const ev = simulate(series(120, (t) => ({ rootPct: 95, hddPct: t >= 60 ? 93 : 50 })), prd());
    assert.deepEqual(brief(ev), ['disk.root:fire@0', 'disk.hdd:fire@60']);
    assert.deepEqual(ev[0]!.obs.buttons, [[{ text: '📂 Lihat yang besar', data: 'alert:big:root' }, { text: '🧹 Bersihkan', data: 'clean:plan' }]], 'on / the clean-ups too');
    assert.deepEqual(ev[1]!.obs.buttons, [[{ text: '📂 Lihat yang besar', data: 'alert:big:hdd' }]]);
    assert.match(ev[0]!.obs.text, /Disk \/ hampir penuh: 95% terpakai/);
  });

  it('disk recovery needs 2 points under the threshold, so 89% does not recover', () => {
    const ev = simulate(series(600, (t) => ({ rootPct: t < 60 ? 91 : t < 300 ? 89 : 87 })), prd());
    assert.deepEqual(brief(ev), ['disk.root:fire@0', 'disk.root:recover@360']);
  });

  it('CPU temperature above 85°C fires after 3 minutes; no sensor means no alert', () => {
    assert.deepEqual(brief(simulate(series(400, () => ({ tempC: 90 })), prd())), ['temp:fire@180']);
    assert.deepEqual(simulate(series(400, () => ({ tempC: null })), prd()), []);
  });

  it('a whitelisted service that fails alerts at once with a Restart button, and recovers when active again', () => {
    const ev = simulate(series(300, (t) => ({ services: { 'n8n.service': t >= 60 && t < 150 ? 'failed failed' : 'active running' } })), prd());
    assert.deepEqual(brief(ev), ['svc.n8n.service:fire@60', 'svc.n8n.service:recover@210']);
    assert.deepEqual(ev[0]!.obs.buttons, [[{ text: '🔄 Restart', data: 'alert:restart:n8n.service' }]]);
  });

  it('a service that goes inactive after being active alerts; one that was never active, or was stopped from the bot, does not', () => {
    const gone = series(200, (t) => ({ services: { 'n8n.service': t < 60 ? 'active running' : 'inactive dead' } }));
    const ev = simulate(gone, prd());
    assert.deepEqual(brief(ev), ['svc.n8n.service:fire@60']);
    assert.match(ev[0]!.obs.text, /berhenti .*padahal tadinya jalan/);
    assert.deepEqual(simulate(series(200, () => ({ services: { 'n8n.service': 'inactive dead' } })), prd()), []);
    assert.deepEqual(simulate(gone, prd(), ['n8n.service']), []);
  });

  it('the HDD coming unmounted alerts once and its disk use is not judged while unmounted', () => {
    const ev = simulate(series(300, (t) => ({ hddMounted: t < 60, hddPct: 99 })), prd());
    assert.deepEqual(brief(ev).filter((e) => !e.startsWith('disk.hdd')), ['hdd:fire@60']);
  });

  it('internet lost for 60 s fires once, a single failed check does not, and "back" comes once', () => {
    const ev = simulate(series(600, (t) => ({ net: !(t === 30 || (t >= 120 && t < 300)) })), prd());
    assert.deepEqual(brief(ev), ['net:fire@180', 'net:recover@360']);
  });

  it('windows and thresholds come from config', () => {
    const cfg = prd({ ALERT_CPU_PERCENT: '50', ALERT_CPU_FOR_SEC: '0', ALERT_REMIND_MIN: '1', ALERT_CLEAR_FOR_SEC: '0' });
    const ev = simulate(series(150, (t) => ({ cpu: t < 120 ? 60 : 10 })), cfg);
    assert.deepEqual(brief(ev), ['cpu:fire@0', 'cpu:remind@60', 'cpu:recover@120']);
  });
});

describe('every rule: one alert, reminders every 15 min, one recovery; flapping sends nothing more', () => {
  type Case = { id: string; bad: Omit<SyntheticOptions, 'at'>; hold?: Omit<SyntheticOptions, 'at'>; good: Omit<SyntheticOptions, 'at'>; fireAt: number };
  const svc = (s: string) => ({ services: { 'n8n.service': s } });
  const cases: Case[] = [
    { id: 'cpu', bad: { cpu: 97 }, hold: { cpu: 85 }, good: { cpu: 10 }, fireAt: 300 },
    { id: 'ram', bad: { availMb: 200 }, hold: { availMb: 550 }, good: { availMb: 3000 }, fireAt: 0 },
    { id: 'disk.root', bad: { rootPct: 95 }, hold: { rootPct: 89 }, good: { rootPct: 50 }, fireAt: 0 },
    { id: 'disk.hdd', bad: { hddPct: 95 }, hold: { hddPct: 89 }, good: { hddPct: 50 }, fireAt: 0 },
    { id: 'temp', bad: { tempC: 92 }, hold: { tempC: 82 }, good: { tempC: 55 }, fireAt: 180 },
    { id: 'svc.n8n.service', bad: svc('failed failed'), hold: svc('activating start'), good: svc('active running'), fireAt: 0 },
    { id: 'hdd', bad: { hddMounted: false }, good: { hddMounted: true }, fireAt: 0 },
    { id: 'net', bad: { net: false }, good: { net: true }, fireAt: 60 },
  ];
  for (const c of cases) {
    it(`${c.id}: fires once, reminds at +15 and +30 min, recovers once after it clears`, () => {
      const ev = simulate(series(2700, (t) => (t < 2400 ? c.bad : c.good)), prd()).filter((e) => e.id === c.id);
      assert.deepEqual(brief(ev), [`${c.id}:fire@${c.fireAt}`, `${c.id}:remind@${c.fireAt + 900}`, `${c.id}:remind@${c.fireAt + 1800}`, `${c.id}:recover@2460`]);
    });
    it(`${c.id}: flapping between bad and ${c.hold ? 'the hysteresis band' : 'good every other sample'} after it fired sends no recovery and no extra alert`, () => {
      const ev = simulate(series(840, (t, i) => (t < 330 ? c.bad : i % 2 ? (c.hold ?? c.good) : c.bad)), prd()).filter((e) => e.id === c.id);
      assert.deepEqual(brief(ev), [`${c.id}:fire@${c.fireAt}`]);
    });
  }
});
