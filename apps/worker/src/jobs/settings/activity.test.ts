import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { htmlToText, toHtml, type ActivityEntry } from '@potion/jobs';
import { loadConfig } from '@potion/platform';
import { listed, mergeLines } from './activity.js';
import { presentActivity, whatText, whoText } from './present-activity.js';

const config = loadConfig({ env: { ADMIN_IDS: '1001', VIEWER_IDS: '2002', TIMEZONE: 'Asia/Makassar' }, cwd: mkdtempSync(join(tmpdir(), 'potion-activity-')) });
const at = (sec: number) => new Date(Date.UTC(2026, 11, 6, 2, 0, sec)).toISOString();

describe('📜 Aktivitas: which lines of actions.log it lists, and how', () => {
  it('lists changes and refusals, not looking: a mutating job, a setting, a backup and any refusal; Status and logs are left out', () => {
    assert.equal(listed({ action: 'service.restart', outcome: 'ok' }), true);
    assert.equal(listed({ action: 'settings.tune', outcome: 'started' }), true);
    assert.equal(listed({ action: 'settings.set', outcome: 'ok' }), true);
    assert.equal(listed({ action: 'health.mute', outcome: 'ok' }), true);
    assert.equal(listed({ action: 'backup.run', outcome: 'failed' }), true);
    assert.equal(listed({ action: 'backup.prune', outcome: 'ok' }), true);
    assert.equal(listed({ action: 'status.summary', outcome: 'ok' }), false);
    assert.equal(listed({ action: 'logs.tail', outcome: 'ok' }), false);
    assert.equal(listed({ action: 'settings.activity', outcome: 'ok' }), false);
    assert.equal(listed({ action: 'logs.file', outcome: 'refused' }), true);
    assert.equal(listed({ action: 'menu:settings', outcome: 'refused' }), true);
  });

  it('merges "started" and the outcome of one request into one entry with the payload, and a request id used again later is a new entry', () => {
    const lines = [
      { at: at(0), requestId: 'u10', who: 'tg:1001', action: 'settings.tune', outcome: 'started' as const, detail: { payload: { id: 'cpu.pct', value: 80 }, jobId: 'tg-10' } },
      { at: at(1), requestId: 'u11', who: 'tg:1001', action: 'status.summary', outcome: 'ok' as const, detail: { ms: 5 } },
      { at: at(2), requestId: 'u10', who: 'tg:1001', action: 'settings.tune', outcome: 'ok' as const, detail: { ms: 3 } },
      { at: at(3), requestId: 'battery-1', who: 'system:battery', action: 'host.shutdown', outcome: 'started' as const, detail: { payload: {} } },
      { at: at(4), requestId: 'battery-1', who: 'system:battery', action: 'host.shutdown', outcome: 'failed' as const, error: 'sudo: a password is required' },
      { at: at(5), requestId: 'battery-1', who: 'system:battery', action: 'host.shutdown', outcome: 'started' as const, detail: { payload: {} } },
    ];
    const merged = mergeLines(lines);
    assert.deepEqual(
      merged.map((e) => [e.action, e.outcome, e.at, e.error ?? null]),
      [
        ['settings.tune', 'ok', Date.parse(at(0)), null],
        ['host.shutdown', 'failed', Date.parse(at(3)), 'sudo: a password is required'],
        ['host.shutdown', 'started', Date.parse(at(5)), null],
      ],
    );
    assert.deepEqual(merged[0]!.payload, { id: 'cpu.pct', value: 80 });
  });

  it('says who in words and what in Indonesian with the detail the log kept', () => {
    assert.equal(whoText('tg:1001', config), 'admin 1001');
    assert.equal(whoText('tg:2002', config), 'viewer 2002');
    assert.equal(whoText('tg:999', config), 'orang asing 999');
    assert.equal(whoText('scheduler:backup', config), 'jadwal otomatis');
    assert.equal(whatText({ action: 'settings.tune', payload: { id: 'cpu.pct', value: 80 } }), 'ubah Batas CPU jadi 80%');
    assert.equal(whatText({ action: 'settings.tune', payload: { id: 'remind', value: null } }), 'Jarak pengingat balik ke default');
    assert.equal(whatText({ action: 'service.restart', payload: { unit: 'n8n.service' } }), 'restart n8n.service');
    assert.equal(whatText({ action: 'host.reboot', payload: {} }), 'reboot server');
    assert.equal(whatText({ action: 'command:reboot' }), '/reboot');
    assert.equal(whatText({ action: 'settings.tune', payload: { id: 'disk.pct' } }), 'ubah Batas disk penuh', 'a typed number the bot refused');
    assert.equal(whatText({ action: 'settings.tune', payload: { id: 'gpu.pct', value: 1 } }), 'ubah ambang alert', 'a payload that does not parse shows the action only');
  });

  it('a list longer than one message is split into pages with ◀️ ▶️, every entry exactly once, each page well under 4096 characters', () => {
    const entries: ActivityEntry[] = Array.from({ length: 20 }, (_, i) => ({
      at: Date.parse(at(100 - i)),
      who: 'tg:999',
      action: `button:${'x'.repeat(60)}${i}`,
      outcome: 'refused',
      error: `not in ADMIN_IDS or VIEWER_IDS ${'y'.repeat(200)}`,
    }));
    const first = presentActivity({ entries, readable: true }, { page: 0 }, { config });
    const text0 = htmlToText(toHtml(first.text));
    assert.match(text0, /^📜 Aktivitas terakhir \(20 aksi, terbaru di atas, jam Asia\/Makassar\)/);
    const pages = Number(/Halaman 1\/(\d+)$/.exec(text0)?.[1]);
    assert.ok(pages >= 2, text0);
    assert.deepEqual(first.buttons, [[{ text: 'Lebih lama ▶️', data: 'tn:a:1' }]]);
    const seen: string[] = [];
    for (let p = 0; p < pages; p++) {
      const shown = presentActivity({ entries, readable: true }, { page: p }, { config });
      const markup = toHtml(shown.text);
      assert.ok(markup.length < 3500, `page ${p} is ${markup.length} characters`);
      seen.push(...[...htmlToText(markup).matchAll(/tekan tombol x+(\d+)/g)].map((m) => m[1]!));
    }
    assert.deepEqual(seen, entries.map((_, i) => String(i)));
    const last = presentActivity({ entries, readable: true }, { page: pages - 1 }, { config });
    assert.deepEqual(last.buttons, [[{ text: '◀️ Lebih baru', data: `tn:a:${pages - 2}` }]]);
    assert.match(htmlToText(toHtml(last.text)), /⛔ Min, 6 Des, 10\.01 · orang asing 999 · ditolak\n {3}tekan tombol x+\d+ \(not in ADMIN_IDS/);
  });
});
