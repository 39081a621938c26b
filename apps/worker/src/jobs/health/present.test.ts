import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticSample } from '../../alerts/synthetic.js';
import { diskTrend, digestText, serviceRestarts } from './present.js';

const H = 3600_000;
const NOW = Date.UTC(2026, 10, 25, 0, 0, 0); // 07:00 WIB

test('a unit counts as restarted each time it comes back to active, within the window only', () => {
  const states = ['active running', 'failed failed', 'active running', 'activating start', 'active running'];
  const history = states.map((st, i) => syntheticSample({ at: NOW - (states.length - i) * H, services: { 'n8n.service': st } })).reverse();
  assert.deepEqual([...serviceRestarts(history, NOW - 24 * H)], [['n8n.service', 2]]);
  assert.deepEqual([...serviceRestarts(history, NOW - 2.5 * H)], [['n8n.service', 1]]);
});

test('the disk trend compares the newest sample with the oldest of the last 24 h', () => {
  const history = [syntheticSample({ at: NOW - 30 * H, rootPct: 10 }), syntheticSample({ at: NOW - 20 * H, rootPct: 40 }), syntheticSample({ at: NOW - H, rootPct: 44 })].reverse();
  const latest = syntheticSample({ at: NOW, rootPct: 45 });
  const root = diskTrend(history, latest, NOW - 24 * H).find((d) => d.mount === '/');
  assert.equal(root?.deltaPercent, 5);
});

test('a quiet day says so, and a missing backup says what to press', () => {
  const text = digestText({ now: NOW, timezone: 'Asia/Jakarta', hddMount: '/mnt/potion-data', latest: syntheticSample({ at: NOW }), history: [], alerts: [], lastBackup: undefined, lastVerify: undefined, mutes: [] });
  assert.match(text, /Tidak ada alert dalam 24 jam terakhir/);
  assert.match(text, /Belum ada backup yang berhasil\. Jalankan 💾 Backup → Backup sekarang/);
  assert.doesNotMatch(text, /Service yang sempat mati/);
});

test('a moment when systemctl did not answer ("unknown") is no restart', () => {
  const states = ['active running', 'unknown unknown', 'active running', 'failed failed', 'unknown unknown', 'active running'];
  const history = states.map((st, i) => syntheticSample({ at: NOW - (states.length - i) * H, services: { 'n8n.service': st } })).reverse();
  assert.deepEqual([...serviceRestarts(history, NOW - 24 * H)], [['n8n.service', 1]]);
});
