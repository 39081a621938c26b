import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { hostKeys, texts } from '@potion/jobs';
import { shownText } from '@potion/testkit';
import { ADMIN, startBotStack, VIEWER, type BotStack } from '../harness/bot-stack.js';

const MiB = 1024 * 1024;
const root = mkdtempSync(join(tmpdir(), 'potion-bot-clean-'));
const aptConf = join(root, 'apt.conf');

/** An empty file of `bytes` (sparse: the stand-ins count apparent sizes, so the test writes almost nothing). */
function sized(path: string, bytes: number): void {
  writeFileSync(path, '');
  truncateSync(path, bytes);
}

describe('🧹 disk clean-ups from the disk-full alert (real bot, worker, sampler, Redis, apt-config and du; fake Telegram; stand-ins for apt-get, journalctl, dpkg-query, df)', () => {
  let s: BotStack;
  let disk: string;
  const cleanCalls = () => s.standins.calls('sudo').filter((c) => /apt-get -q clean|autoremove|--vacuum-size/.test(c));

  before(async () => {
    // The disk rule only, at 1%: the real / of this machine is above it, so the real sampler alerts.
    // No Docker here (a socket path with nothing at it): the plan has no 🐳 line and no docker button.
    s = await startBotStack({ env: { BOT_FLOOD_BURST: '1000', SAMPLE_INTERVAL_SEC: '1', ALERT_DISK_PERCENT: '1', APT_CONFIG: aptConf, DOCKER_SOCKET: join(root, 'no-docker.sock') } });
    disk = join(s.standins.state, 'disk');
    // The real apt-config (and the real du) read the archives folder from APT_CONFIG, like apt-get clean does.
    const archives = join(disk, 'apt', 'archives');
    mkdirSync(join(archives, 'partial'), { recursive: true });
    writeFileSync(aptConf, `Dir::Cache::archives "${archives}/";\n`);
    for (const deb of ['curl_8.5.0-2ubuntu10.5_amd64.deb', 'openssl_3.0.13-0ubuntu3.4_amd64.deb', 'vim_2%3a9.1.0016-1ubuntu7.6_amd64.deb']) writeFileSync(join(archives, deb), randomBytes(MiB));
    // 200 MB of journal, three archived files of 50 MB: vacuum down to 100 MB deletes the two oldest.
    mkdirSync(join(disk, 'journal'));
    for (const f of ['system.journal', 'system@0001-a.journal~', 'system@0002-b.journal~', 'system@0003-c.journal~']) sized(join(disk, 'journal', f), 50 * MiB);
    // An old kernel and a library nothing needs: Installed-Size in KiB, their files on the pretend disk.
    s.standins.set('apt/autoremovable', 'linux-image-6.8.0-31-generic 6.8.0-31.31 40960\nlibfoo1 1.2-3 2048\n');
    mkdirSync(join(disk, 'pkg'));
    sized(join(disk, 'pkg', 'linux-image-6.8.0-31-generic'), 40 * MiB);
    sized(join(disk, 'pkg', 'libfoo1'), 2 * MiB);
    // The pretend filesystem: 245 MB used of 260 MB.
    s.standins.set('df-size', String(260 * MiB));
    await s.conn.hset(hostKeys(s.config.hostId).settings, 'alert.disk', 'on');
  });
  after(async () => {
    await s?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the alert offers 🧹 Bersihkan; the plan lists each clean-up with its size; YA runs them once and says what df saw freed', async () => {
    let from = 0;
    const alert = await s.sentAfter(ADMIN, from, (t) => t.includes('Disk / hampir penuh'));
    const clean = s.fake.buttons(alert.messageId).find((b) => b.text === '🧹 Bersihkan');
    assert.deepEqual(clean, { text: '🧹 Bersihkan', data: 'clean:plan' });

    from = s.fake.calls.length;
    s.fake.press(VIEWER, alert.messageId, clean.data);
    assert.equal((await s.answerAfter(from)).text, texts.notAllowed(VIEWER), 'a viewer may not even measure');

    from = s.fake.calls.length;
    s.fake.press(ADMIN, alert.messageId, clean.data);
    const pending = await s.pendingAfter(ADMIN, from);
    assert.notEqual(pending.messageId, alert.messageId, 'the alert stays readable above the plan');
    const plan = String((await s.editOf(ADMIN, pending.messageId, (t) => t.startsWith('🧹 Yang bisa dibuang'), 20_000)).text);
    assert.equal(
      plan,
      [
        '🧹 Yang bisa dibuang biar disk lega (perkiraan, barusan diukur):',
        '',
        '📦 Cache paket apt (apt-get clean): 3,0 MB · 3 file .deb',
        '📜 Log journal lama (journalctl, sisakan 100 MB): ± 100 MB',
        '🗑️ Paket yang gak kepakai lagi, termasuk kernel lama (apt-get autoremove): 42,0 MB · 2 paket',
        '   • linux-image-6.8.0-31-generic 40,0 MB',
        '   • libfoo1 2,0 MB',
        '',
        'Total kira-kira 145 MB.',
        '💽 Disk / sekarang 95% (bebas 15,0 MB).',
        '',
        'Tekan 🧹 Bersihkan (masih ada konfirmasi YA sekali lagi). Yang beneran lega nanti dihitung dari df sebelum/sesudah.',
      ].join('\n'),
    );
    assert.deepEqual(
      s.fake.buttons(pending.messageId).map((b) => `${b.text} = ${b.data}`),
      ['🧹 Bersihkan semua (± 145 MB) = clean:go:apt:journal:autoremove', '📦 Cache apt aja = clean:go:apt', '📜 Journal aja = clean:go:journal', '🗑️ Autoremove aja = clean:go:autoremove'],
    );
    assert.deepEqual(cleanCalls(), [], 'measuring changes nothing');

    from = s.fake.calls.length;
    s.fake.press(ADMIN, pending.messageId, 'clean:go:apt:journal:autoremove');
    const confirm = await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM('bersihin disk (cache apt, journal, autoremove (paket & kernel lama))')));
    assert.deepEqual(cleanCalls(), [], 'nothing runs before YA');
    const ya = s.fake.buttons(confirm.messageId).find((b) => b.text.includes('✅'));
    assert.ok(ya);
    from = s.fake.calls.length;
    s.fake.press(ADMIN, confirm.messageId, ya.data);
    const result = String((await s.editOf(ADMIN, confirm.messageId, (t) => t.startsWith('Beres!'), 20_000)).text);
    assert.equal(
      result,
      [
        'Beres! ✅ Ringkasan: 🧹 Disk lega 145 MB:',
        '• 📦 Cache apt: lega 3,0 MB',
        '• 📜 Journal: lega 100 MB',
        '• 🗑️ Autoremove: lega 42,0 MB',
        '💽 Disk / sekarang 39% (bebas 160 MB).',
      ].join('\n'),
    );
    assert.deepEqual(cleanCalls(), [
      '-n apt-get -q clean',
      '-n journalctl --vacuum-size=100M',
      '-n env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l /usr/bin/apt-get -q -y autoremove',
    ]);
    assert.deepEqual(readdirSync(join(disk, 'apt', 'archives')), ['partial'], 'the .deb files are gone');
    assert.deepEqual(readdirSync(join(disk, 'journal')).sort(), ['system.journal', 'system@0003-c.journal~']);
    assert.equal(existsSync(join(disk, 'pkg', 'linux-image-6.8.0-31-generic')), false);
    assert.ok(s.audit().some((e) => e.who === `tg:${ADMIN}` && e.action === 'clean.run' && e.outcome === 'ok'), JSON.stringify(s.audit().slice(-3)));
  });

  test('📊 Detail offers 🧹 Bersihkan disk too; with nothing left to free the plan says so and offers no button', async () => {
    let from = s.fake.calls.length;
    s.fake.type(ADMIN, '📊 Status');
    const summary = await s.pendingAfter(ADMIN, from);
    await s.editOf(ADMIN, summary.messageId);
    from = s.fake.calls.length;
    s.fake.press(ADMIN, summary.messageId, 'status:detail');
    const detail = (await s.pendingAfter(ADMIN, from)).messageId;
    await s.editOf(ADMIN, detail, (t) => t.startsWith('🔎 Detail server'), 20_000);
    const clean = s.fake.buttons(detail).find((b) => b.text === '🧹 Bersihkan disk');
    assert.deepEqual(clean, { text: '🧹 Bersihkan disk', data: 'clean:plan' });

    // What the first test left: the journal at its 100 MB (nothing over), no .deb, no package to remove.
    from = s.fake.calls.length;
    s.fake.press(ADMIN, detail, clean.data);
    const pending = await s.pendingAfter(ADMIN, from);
    const plan = String((await s.editOf(ADMIN, pending.messageId, (t) => t.startsWith('🧹'), 20_000)).text);
    assert.equal(
      plan,
      [
        '🧹 Yang bisa dibuang biar disk lega (perkiraan, barusan diukur):',
        '',
        '📦 Cache paket apt (apt-get clean): sudah bersih',
        '📜 Log journal lama (journalctl, sisakan 100 MB): sudah bersih',
        '🗑️ Paket yang gak kepakai lagi, termasuk kernel lama (apt-get autoremove): sudah bersih',
        '',
        'Udah bersih semua, gak ada yang bisa dibuang dari sini. Cek folder besar lewat 📂 Lihat yang besar ya.',
        '💽 Disk / sekarang 39% (bebas 160 MB).',
      ].join('\n'),
    );
    assert.deepEqual(s.fake.buttons(pending.messageId), []);
  });

  test('a clean-up sudo refuses: the result says which one failed and why, without "Beres!"', async () => {
    writeFileSync(join(disk, 'apt', 'archives', 'nano_7.2-2_amd64.deb'), randomBytes(MiB));
    s.standins.denySudo(true);
    try {
      let from = s.fake.calls.length;
      s.fake.press(ADMIN, 1, 'clean:go:apt');
      const confirm = await s.sentAfter(ADMIN, from, (t) => t === shownText(texts.CONFIRM('bersihin disk (cache apt)')));
      const ya = s.fake.buttons(confirm.messageId).find((b) => b.text.includes('✅'));
      assert.ok(ya);
      from = s.fake.calls.length;
      s.fake.press(ADMIN, confirm.messageId, ya.data);
      const result = String((await s.editOf(ADMIN, confirm.messageId, (t) => t.startsWith('⚠️'), 20_000)).text);
      assert.equal(
        result,
        [
          '⚠️ Bersih-bersih disk ada yang gagal. Yang lega: 0 B',
          '• 📦 Cache apt: ❌ gagal (izin sudo buat "apt-get" belum dipasang)',
          '💽 Disk / sekarang 39% (bebas 159 MB).',
          'Yang gagal gak ngubah apa-apa; detailnya ada di runtime.log.',
        ].join('\n'),
      );
      assert.deepEqual(readdirSync(join(disk, 'apt', 'archives')).sort(), ['nano_7.2-2_amd64.deb', 'partial']);
    } finally {
      s.standins.denySudo(false);
    }
  });
});
