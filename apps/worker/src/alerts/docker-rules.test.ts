import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SampledContainer, SampledDocker } from '@potion/jobs';
import { observeContainers } from './docker-rules.js';
import { syntheticSample } from './synthetic.js';

const web = (o: Partial<SampledContainer> = {}): SampledContainer => ({ name: 'web', state: 'running', exitCode: 0, restartCount: 0, ...o });
const docker = (...containers: SampledContainer[]): SampledDocker => ({ containers });
const observe = (now: SampledDocker | null, before: SampledDocker | null | undefined, o: { open?: string[]; stopped?: string[] } = {}) =>
  observeContainers({
    sample: syntheticSample({ at: 60_000, docker: now }),
    previous: before === undefined ? undefined : syntheticSample({ at: 30_000, docker: before }),
    whitelist: ['db', 'web'],
    open: new Set(o.open ?? []),
    stoppedOnPurpose: new Set(o.stopped ?? []),
  });
const levels = (...a: Parameters<typeof observe>) => observe(...a).map((x) => x.level);

describe('container rules (pure)', () => {
  it('an exit is bad when it was running, with an error code, or already open; stopped on purpose clears', () => {
    assert.deepEqual(levels(docker(web({ state: 'exited', exitCode: 0 })), docker(web())), ['bad']);
    assert.deepEqual(levels(docker(web({ state: 'exited', exitCode: 1 })), docker(web({ state: 'exited', exitCode: 1 }))), ['bad']);
    assert.deepEqual(levels(docker(web({ state: 'exited', exitCode: 0 })), docker(web({ state: 'exited' }))), ['hold'], 'never seen running, exit 0');
    assert.deepEqual(levels(docker(web({ state: 'exited', exitCode: 0 })), docker(web({ state: 'exited' })), { open: ['ctr.web'] }), ['bad']);
    assert.deepEqual(levels(docker(web({ state: 'exited', exitCode: 137 })), docker(web()), { stopped: ['web'] }), ['clear']);
    assert.deepEqual(levels(docker(web({ state: 'dead', exitCode: 0 })), docker(web({ state: 'dead' }))), ['bad']);
  });

  it('a loop: "restarting", or two restarts since the previous reading; one restart holds; running with none clears', () => {
    assert.deepEqual(levels(docker(web({ state: 'restarting', restartCount: 1 })), docker(web())), ['bad']);
    assert.deepEqual(levels(docker(web({ restartCount: 5 })), docker(web({ restartCount: 3 }))), ['bad']);
    assert.deepEqual(levels(docker(web({ restartCount: 4 })), docker(web({ restartCount: 3 }))), ['hold']);
    assert.deepEqual(levels(docker(web({ restartCount: 4 })), docker(web({ restartCount: 4 }))), ['clear']);
  });

  it('running after no reading (first sample, Docker unread before) holds: the count says nothing yet', () => {
    assert.deepEqual(levels(docker(web({ restartCount: 9 })), undefined), ['hold']);
    assert.deepEqual(levels(docker(web({ restartCount: 9 })), { containers: [], unread: 'x' }), ['hold']);
  });

  it('created, paused and a container that is gone hold', () => {
    for (const state of ['created', 'paused', 'missing']) assert.deepEqual(levels(docker(web({ state })), docker(web())), ['hold'], state);
  });

  it('Docker unread: every open container alert holds (its reminder says why); nothing else is observed', () => {
    const obs = observe({ containers: [], unread: 'Docker gak bisa dihubungi' }, docker(web()), { open: ['ctr.web', 'cpu'] });
    assert.deepEqual(obs.map((o) => [o.id, o.level, o.text]), [['ctr.web', 'hold', '🐳 Status container web belum kebaca lagi: Docker gak bisa dihubungi.']]);
  });

  it('no Docker part (no DOCKER_WHITELIST): nothing', () => {
    assert.deepEqual(observe(null, null), []);
  });

  it('the texts and buttons address the container by its DOCKER_WHITELIST index', () => {
    const [down] = observe(docker(web({ state: 'exited', exitCode: 137 })), docker(web()));
    assert.equal(down?.text, '🐳 Container web berhenti (exit code 137), padahal harusnya jalan.');
    assert.equal(down?.label, 'Container web');
    assert.deepEqual(down?.buttons, [[{ text: '▶️ Start', data: 'dk:n:1:start' }, { text: '📜 Log terakhir', data: 'dk:n:1:logs' }]]);
    const [loop] = observe(docker(web({ state: 'restarting', restartCount: 7 })), docker(web()));
    assert.equal(loop?.text, '🔁 Container web restart terus (sudah 7× di-restart Docker): kayaknya crash begitu jalan. Cek 📜 log-nya.');
    assert.deepEqual(loop?.buttons, [[{ text: '📜 Log terakhir', data: 'dk:n:1:logs' }]]);
  });
});
