import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProbeResult } from '@potion/jobs';
import { observeProbes } from './probe-rules.js';
import { syntheticSample } from './synthetic.js';

const fail: ProbeResult = { unit: 'n8n.service', kind: 'http', target: 'http://127.0.0.1:5678/healthz', ok: false, status: null, latencyMs: null, failure: 'timeout', timeoutMs: 3000 };
const good: ProbeResult = { ...fail, ok: true, status: 200, latencyMs: 35, failure: null };
const opts = (stopped: string[] = []) => ({ forMs: 60_000, stoppedOnPurpose: new Set(stopped), fits: () => true });
const levels = (state: string, probe: ProbeResult, stopped: string[] = []) =>
  observeProbes(syntheticSample({ at: 0, services: { 'n8n.service': state }, probes: [probe] }), opts(stopped)).map((o) => o.level);

describe('probe rules (pure)', () => {
  it('bad only while the unit is active; the service alert speaks for a failed unit (hold)', () => {
    assert.deepEqual(levels('active running', fail), ['bad']);
    assert.deepEqual(levels('active running', good), ['clear']);
    assert.deepEqual(levels('failed failed', fail), ['hold']);
    assert.deepEqual(levels('activating start', fail), ['hold']);
  });

  it('a unit stopped on purpose gets no observation at all', () => {
    assert.deepEqual(levels('inactive dead', fail, ['n8n.service']), []);
  });

  it('the alert carries the window, the text and the 🔁 Restart button of the alert restart flow', () => {
    const [o] = observeProbes(syntheticSample({ at: 0, services: { 'n8n.service': 'active running' }, probes: [{ ...fail, failure: 'status', status: 503, expectStatus: 200 }] }), opts());
    assert.equal(o?.id, 'probe.n8n.service');
    assert.equal(o?.forMs, 60_000);
    assert.equal(o?.text, '🔌 Service n8n.service jalan tapi gak jawab di http://127.0.0.1:5678/healthz (jawab 503, harusnya 200).');
    assert.deepEqual(o?.buttons, [[{ text: '🔁 Restart', data: 'alert:restart:n8n.service' }]]);
  });
});
