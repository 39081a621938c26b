import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { startOps, VIEWER, type OpsHarness } from '../harness/ops-harness.js';

let h: OpsHarness;
const pino = (level: number, msg: string, extra = '') => `{"level":${level},"time":"2026-11-25T03:04:05.000Z","proc":"worker","msg":${JSON.stringify(msg)}${extra}}`;

before(async () => {
  h = await startOps();
  mkdirSync(h.config.logDir, { recursive: true });
  const lines = [
    pino(30, 'worker ready'),
    pino(50, 'job failed', ',"err":{"message":"disk full"}'),
    pino(30, 'value .* matched $(reboot) [x] a;reboot `id`'),
    'not json at all: ERROR plain',
  ];
  writeFileSync(join(h.config.logDir, 'runtime.log'), lines.join('\n') + '\n');
  h.standins.unit('n8n.service', 'active running');
  h.standins.journal('n8n.service', ['Initializing n8n process', 'n8n ready on 0.0.0.0, port 5678', 'Error: connect ECONNREFUSED 127.0.0.1:5432']);
});
after(async () => {
  await h.stop();
});

const audit = () =>
  readFileSync(join(h.config.logDir, 'actions.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { action: string; outcome: string; error?: string; who: string });

test('Tail 50 of runtime.log shows pino lines as short readable lines in the configured time zone', async () => {
  const msg = await h.ask('logs.tail', { source: 'runtime' }, { userId: VIEWER });
  assert.match(msg.text, /^📜 runtime.log — 4 baris terakhir/);
  assert.match(msg.text, /10:04:05 INFO worker: worker ready/);
  assert.match(msg.text, /10:04:05 ERROR worker: job failed \(disk full\)/);
  assert.match(msg.text, /not json at all: ERROR plain/);
});

test('Tail of a whitelisted unit reads its journal', async () => {
  const msg = await h.ask('logs.tail', { source: 'journal', unit: 'n8n.service', lines: 2 });
  assert.match(msg.text, /^📜 journal n8n.service — 2 baris terakhir/);
  assert.match(msg.text, /10:00:00 n8n\[1234\]: Error: connect ECONNREFUSED/);
  assert.deepEqual(h.standins.calls('journalctl').at(-1), '-u n8n.service -n 2 --no-pager -o short-iso');
});

test('a whitelisted unit with no journal entries (or unknown to systemd) says it is empty', async () => {
  const msg = await h.ask('logs.tail', { source: 'journal', unit: 'cloudflared.service' });
  assert.equal(msg.text, '📜 journal cloudflared.service: belum ada isinya.');
});

test('a service user outside systemd-journal is told how to see everything', async () => {
  h.standins.set('journal-limited', '');
  try {
    const msg = await h.ask('logs.tail', { source: 'journal', unit: 'n8n.service' });
    assert.match(msg.text, /usermod -aG systemd-journal/);
  } finally {
    h.standins.clear('journal-limited');
  }
});

test('short dmesg works, also when dmesg_restrict sends it through sudo -n', async () => {
  let msg = await h.ask('logs.tail', { source: 'dmesg', lines: 3 });
  assert.match(msg.text, /^📜 dmesg \(kernel\) — 3 baris terakhir/);
  assert.match(msg.text, /09:58:12 ata2.00: error: \{ UNC \}/);
  h.standins.set('dmesg/restricted', '');
  try {
    msg = await h.ask('logs.tail', { source: 'dmesg', lines: 3 });
    assert.match(msg.text, /ata2.00: error/);
    assert.equal(h.standins.calls('sudo').at(-1), '-n dmesg -T');
    h.standins.denySudo(true);
    msg = await h.ask('logs.tail', { source: 'dmesg' });
    assert.match(msg.text, /izin sudo belum dipasang untuk "dmesg -T"/);
  } finally {
    h.standins.denySudo(false);
    h.standins.clear('dmesg/restricted');
  }
});

test('Cari "error" finds lines case-insensitively in runtime.log and in the journal', async () => {
  let msg = await h.ask('logs.search', { source: 'runtime', word: 'error' });
  assert.match(msg.text, /^🔍 2 baris berisi "error" di runtime.log/);
  msg = await h.ask('logs.search', { source: 'journal', unit: 'n8n.service', word: 'ECONNREFUSED' });
  assert.match(msg.text, /^🔍 1 baris berisi "ECONNREFUSED" di journal n8n.service/);
});

test('search words with shell and regex metacharacters are matched literally', async () => {
  for (const word of ['.*', '$(reboot)', '[x]', 'a;reboot', '`id`']) {
    const msg = await h.ask('logs.search', { source: 'runtime', word });
    assert.match(msg.text, /^🔍 1 baris berisi/, `word ${word}`);
    assert.match(msg.text, /value \.\* matched/);
  }
  for (const word of ['(', '\\', "' OR 1=1 --", '%s%n', '*', '-e', '--help']) {
    const msg = await h.ask('logs.search', { source: 'journal', unit: 'n8n.service', word });
    assert.match(msg.text, /^🔍 Tidak ada baris berisi/, `word ${word}`);
  }
  // The word never reached a command line: journalctl was asked for lines, not a pattern.
  assert.ok(h.standins.calls('journalctl').every((c) => !c.includes('--grep') && !c.includes('-g ')));
});

test('search words that cannot be text are refused with a clear message', async () => {
  for (const word of ['x'.repeat(10_240), 'a\u0000b', 'bad\uD800', 'line\nbreak', '\uFFFD', '   ']) {
    const msg = await h.raw('logs.search', { source: 'runtime', word });
    assert.match(msg.text, /^Permintaan ini aku tolak ❌: kata pencarian tidak valid/, JSON.stringify(word.slice(0, 10)));
  }
  const emoji = await h.ask('logs.search', { source: 'runtime', word: '☕' });
  assert.match(emoji.text, /Tidak ada baris berisi "☕"/, 'an emoji is a fine (literal) search word');
});

test('hostile unit names are refused before anything runs, with a clear message, and audited', async () => {
  const before = h.standins.calls('journalctl').length;
  for (const unit of ['-H evil', '../x', 'a;reboot', 'x'.repeat(10_240), 'n8n\uD800.service', 'n8n\uFFFD.service', '🙂.service', '--unit=x.service', 'n8n.service ']) {
    const msg = await h.raw('logs.tail', { source: 'journal', unit });
    assert.match(msg.text, /^Permintaan ini aku tolak ❌: nama service tidak valid/, JSON.stringify(unit.slice(0, 20)));
    assert.ok(!msg.text.includes(unit.slice(0, 8)) || unit.startsWith('n8n'), 'the hostile value is not echoed back');
  }
  assert.equal(h.standins.calls('journalctl').length, before, 'journalctl never ran');
  const refused = audit().filter((a) => a.action === 'logs.tail' && a.outcome === 'refused');
  assert.ok(refused.length >= 9);
  assert.equal(refused[0]!.who, 'tg:1001');
});

test('a hand-made job for a unit outside the whitelist is refused and audited', async () => {
  const before = h.standins.calls('journalctl').length;
  const msg = await h.raw('logs.tail', { source: 'journal', unit: 'ssh.service' });
  assert.match(msg.text, /Service "ssh.service" tidak ada di daftar SERVICES_WHITELIST/);
  const restart = await h.raw('service.restart', { unit: 'ssh.service' });
  assert.match(restart.text, /Service "ssh.service" tidak ada di daftar SERVICES_WHITELIST/);
  assert.equal(h.standins.calls('journalctl').length, before);
  assert.equal(h.standins.calls('systemctl').filter((c) => c.includes('restart')).length, 0);
  const entries = audit().filter((a) => a.outcome === 'refused' && a.error?.includes('ssh.service'));
  assert.deepEqual(entries.map((a) => a.action).sort(), ['logs.tail', 'service.restart']);
});

test('an unknown source or an absurd line count is refused with the field named', async () => {
  assert.match((await h.raw('logs.tail', { source: '../../etc/passwd' })).text, /sumber log tidak dikenal/);
  assert.match((await h.raw('logs.tail', { source: 'runtime', lines: 1e9 })).text, /jumlah baris harus 1-200/);
  assert.match((await h.raw('logs.tail', { source: 'runtime', extra: 'x' })).text, /^Permintaan ini aku tolak ❌: isi permintaannya tidak sesuai format/);
});

test('a unit on a non-journal source is refused (the unit is only for the journal)', async () => {
  const msg = await h.raw('logs.tail', { source: 'runtime', unit: 'n8n.service' });
  assert.match(msg.text, /nama service tidak valid/);
});

test('Kirim file sends runtime.log as a document; a large log is gzip-compressed', async () => {
  let msg = await h.ask('logs.file', { source: 'runtime' });
  assert.ok(msg.document, 'a document is attached');
  assert.match(msg.document.filename, /^runtime-\d{8}-\d{4}-t\d+\.log$/);
  assert.ok(msg.document.path.startsWith(h.config.dataDir));
  assert.equal(readFileSync(msg.document.path, 'utf8'), readFileSync(join(h.config.logDir, 'runtime.log'), 'utf8'));
  assert.match(msg.text, /^📎 runtime.log: /);

  const big = Array.from({ length: 30_000 }, (_, i) => pino(30, `request ${i} done`)).join('\n') + '\n';
  writeFileSync(join(h.config.logDir, 'runtime.log'), big);
  msg = await h.ask('logs.file', { source: 'runtime' });
  assert.ok(msg.document?.filename.endsWith('.log.gz'));
  assert.match(msg.text, /dikompres jadi .* \(\.gz/);
  assert.ok(statSync(msg.document!.path).size < big.length / 5);
  assert.equal(gunzipSync(readFileSync(msg.document!.path)).toString('utf8'), big);
});

test('Kirim file of a unit journal writes the journal to a file', async () => {
  const msg = await h.ask('logs.file', { source: 'journal', unit: 'n8n.service' });
  assert.match(readFileSync(msg.document!.path, 'utf8'), /ECONNREFUSED/);
});

test('a viewer may tail but not take whole files', async () => {
  const msg = await h.ask('logs.file', { source: 'runtime' }, { userId: VIEWER });
  assert.match(msg.text, /Maaf, kamu belum punya izin/);
});
