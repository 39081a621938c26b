import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offsiteLine } from './present.js';

const schedule = { weekday: 0, time: '05:00' };
const now = Date.UTC(2026, 11, 6, 8, 0);
const DAY = 24 * 3600_000;

test('the off-site line: off (only the digest says so), never run, ok, failed, and older than a week', () => {
  assert.equal(offsiteLine({ last: undefined, now, enabled: false, schedule }), undefined);
  assert.match(offsiteLine({ last: undefined, now, enabled: false, schedule, whenOff: true }) ?? '', /^☁️ Off-site: belum diatur, jadi HDD ini satu-satunya salinan/);
  assert.equal(offsiteLine({ last: undefined, now, enabled: true, schedule }), '☁️ Off-site terakhir: belum pernah (jadwal Minggu 05:00).');
  assert.equal(offsiteLine({ last: { at: now - 3 * DAY, ok: true, snapshot: '2026-12-03', matched: true }, now, enabled: true, schedule }), '☁️ Off-site terakhir: 3 hari lalu (snapshot 2026-12-03), rclone check cocok ✅');
  assert.equal(offsiteLine({ last: { at: now - 2 * 3600_000, ok: false, error: 'rclone gagal: connection refused' }, now, enabled: true, schedule }), '☁️ Off-site terakhir GAGAL 2 jam lalu ❌ rclone gagal: connection refused');
  assert.match(offsiteLine({ last: { at: now - 9 * DAY, ok: true, snapshot: '2026-11-27', matched: true }, now, enabled: true, schedule }) ?? '', /9 hari lalu .* ⚠️ sudah lebih dari seminggu$/);
});
