import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearTextRedisProblem } from '@potion/platform';
import { REPO, run } from '../harness/deploy-helpers.js';
import { joinSecretOf, startAclWorld } from '../harness/acl-redis.js';

// Issue 18: deploy/install.sh --join (a worker-only host) and --redis-bind (the main Redis on
// another address), and the join secret's checks (deploy/lib/join-secret.mjs).

const INSTALL = join(REPO, 'deploy', 'install.sh');
const PARSE = join(REPO, 'deploy', 'lib', 'join-secret.mjs');
const PASSWORD = 'A'.repeat(20) + 'b1'.repeat(10);
const PROOF = 'k'.repeat(43);
const secretOf = (body: unknown) => 'potion-join-v1.' + Buffer.from(JSON.stringify(body)).toString('base64url');
const good = { host: 'pi', user: 'worker-pi', password: PASSWORD, proofKey: PROOF };

function tempRoot(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), 'potion-root-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'etc', 'redis'), { recursive: true });
  writeFileSync(join(root, 'etc', 'redis', 'redis.conf'), 'bind 127.0.0.1 -::1\nport 6379\n');
  return root;
}
const install = (root: string, args: readonly string[], env: Record<string, string> = {}) =>
  run('bash', [INSTALL, '--root', root, '--no-build', ...args], { env: { ...process.env, BOT_TOKEN: '', ADMIN_IDS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
const parse = (secret: string, ...args: string[]) => run(process.execPath, [PARSE, ...args], { input: `${secret}\n` });

test('a join secret that is cut, changed or incomplete is refused with what is wrong; a good one gives the Redis URL of the host user', () => {
  const cases: [string, string[], RegExp][] = [
    ['', [], /^ERROR: rahasia gabung kosong: salin satu baris dari `sudo potion hosts add <nama>`/],
    ['pi:secret', [], /^ERROR: rahasia gabung harus diawali "potion-join-v1\.": salin satu baris utuh/],
    [secretOf(good).slice(0, 40), ['--redis', '100.64.0.1'], /^ERROR: rahasia gabung rusak: isinya nggak kebaca \(terpotong waktu disalin\?\)/],
    [secretOf(good).replace('potion-join-v1.', 'potion-join-v1.a b'), [], /^ERROR: rahasia gabung rusak: ada karakter yang bukan bagian dari rahasia/],
    [secretOf({ host: 'pi', user: 'worker-pi' }), [], /^ERROR: rahasia gabung kurang: password, proofKey\. Bikin yang baru di mesin utama/],
    [secretOf({ ...good, user: 'worker-laptop' }), [], /^ERROR: user Redis "worker-laptop" nggak cocok dengan host pi \(harusnya worker-pi\)/],
    [secretOf(good), [], /^ERROR: alamat Redis mesin utama belum ada: pakai --redis ALAMAT:6379/],
    [secretOf(good), ['--redis', '192.168.1.10:6379'], /^ERROR: Redis 192\.168\.1\.10 bukan alamat Tailscale \(100\.64\.0\.0\/10, fd7a:115c:a1e0::\/48\) atau localhost: lewat LAN\/internet isinya \(dan password-nya\) jalan tanpa enkripsi/],
    [secretOf({ ...good, redis: 'redis://laptop.lan:6379' }), [], /^ERROR: Redis laptop\.lan bukan alamat Tailscale/],
  ];
  for (const [secret, args, want] of cases) {
    const r = parse(secret, ...args);
    assert.equal(r.code, 2, `${secret} ${args.join(' ')}: ${r.all}`);
    assert.match(r.stderr, want);
    assert.doesNotMatch(r.all, new RegExp(PASSWORD), 'the password is never echoed in an error');
  }
  const ok = parse(secretOf({ ...good, redis: '100.101.102.103' }));
  assert.equal(ok.code, 0, ok.all);
  assert.match(ok.stdout, new RegExp(`^JOIN_REDIS_URL=redis://worker-pi:${PASSWORD}@100\\.101\\.102\\.103:6379$`, 'm'));
  const tls = parse(secretOf(good), '--redis', 'rediss://redis.example.net:6380');
  assert.match(tls.stdout, /^JOIN_REDIS_TLS=1$/m);
  assert.match(tls.stdout, /^JOIN_REDIS_SHOWN=rediss:\/\/worker-pi:\*\*\*@redis\.example\.net:6380$/m);
});

test('the installer and the worker agree on which redis:// addresses may be used (the same ranges twice)', () => {
  const hosts = ['127.0.0.1', '127.9.9.9', 'localhost', '[::1]', '100.64.0.0', '100.127.255.255', '100.63.255.255', '100.128.0.0', '[fd7a:115c:a1e0::9]', '[fd7a:115c:a1e0:ab12::1]', '[fd7a:115c:a1e1::1]', '192.168.0.2', '10.1.1.1', '172.16.0.1', 'pi.local', '[2001:db8::1]'];
  for (const host of hosts) {
    const installer = parse(secretOf(good), '--redis', `${host}:6379`).code === 0;
    const worker = clearTextRedisProblem(`redis://worker-pi:pw@${host}:6379`) === undefined;
    assert.equal(installer, worker, `${host}: installer ${installer ? 'accepts' : 'refuses'}, worker ${worker ? 'accepts' : 'refuses'}`);
  }
});

test('install.sh refuses a clear-text Redis on a LAN address and a bad join secret before changing anything (dry run)', (t) => {
  const root = tempRoot(t);
  const bind = install(root, ['--dry-run', '--redis-bind', '192.168.1.5']);
  assert.equal(bind.code, 1, bind.all);
  assert.match(bind.stderr, /^ERROR: --redis-bind 192\.168\.1\.5: refused\. 192\.168\.1\.5 is neither loopback nor Tailscale \(100\.64\.0\.0\/10, fd7a:115c:a1e0::\/48\): the queue and the Redis passwords would cross the network in the clear\./m);
  assert.doesNotMatch(bind.stdout, /^ +would: /m, 'refused before the first step');
  const join1 = install(root, ['--dry-run', '--join', '--join-secret', 'potion-join-v1.!!!']);
  assert.equal(join1.code, 1);
  assert.match(join1.stderr, /rahasia gabung rusak/);
  const join2 = install(root, ['--dry-run', '--join', '--join-secret', secretOf(good), '--redis', '10.0.0.2']);
  assert.equal(join2.code, 1);
  assert.match(join2.stderr, /Redis 10\.0\.0\.2 bukan alamat Tailscale/);
  assert.equal(existsSync(join(root, 'opt')), false);
  const tailnet = install(root, ['--dry-run', '--redis-bind', '100.101.102.103']);
  assert.equal(tailnet.code, 0, tailnet.all);
  assert.match(tailnet.stdout, /ok: Redis also listens on 100\.101\.102\.103 \(tailscale\) for the workers of other machines/);
});

test('--redis-bind writes the Tailscale address into potion-runner.conf, a later run keeps it, and the potion wrapper is root-owned code', (t) => {
  const root = tempRoot(t);
  assert.equal(install(root, ['--redis-bind', '100.101.102.103']).code, 0);
  const conf = () => readFileSync(join(root, 'etc/redis/potion-runner.conf'), 'utf8');
  assert.match(conf(), /^bind 127\.0\.0\.1 -::1 -100\.101\.102\.103$/m);
  // A host joined since (potion hosts add appended its user): the installer keeps it.
  const acl = join(root, 'etc/redis/potion-runner.acl');
  const workerLine = `user worker-pi reset on #${'0'.repeat(64)} ~potion:read@pi:* resetchannels -@all +ping`;
  writeFileSync(acl, `${readFileSync(acl, 'utf8')}${workerLine}\n`);
  const again = install(root, []);
  assert.equal(again.code, 0, again.all);
  assert.ok(readFileSync(acl, 'utf8').split('\n').includes(workerLine), 'the joined host keeps its Redis user');
  assert.match(conf(), /^bind 127\.0\.0\.1 -::1 -100\.101\.102\.103$/m, 'kept without --redis-bind');
  assert.match(again.stdout, /^Nothing to change: potion-runner is installed and up to date\.$/m, 'the kept address changes nothing');
  const wrapper = join(root, 'usr/local/bin/potion');
  assert.equal((statSync(wrapper).mode & 0o777).toString(8), '755');
  assert.equal(readFileSync(wrapper, 'utf8').split('\n')[2], 'ENV_FILE=/opt/potion-runner/.env exec /usr/bin/node /opt/potion-runner/app/apps/cli/dist/main.js "$@"');
});

test('install.sh --join with the secret of potion hosts add: worker only, .env 600 with HOST_ID and the host user, its proof key, and "host b terlihat" from the real Redis', async (t) => {
  const w = await startAclWorld();
  t.after(() => w.stop());
  const added = w.hosts('add', 'b', '--redis', `127.0.0.1:${w.port}`);
  assert.equal(added.code, 0, added.all);
  const { line, body } = joinSecretOf(added.stdout);
  const root = tempRoot(t);
  const r = install(root, ['--join', '--join-secret', line], { POTION_JOIN_CHECK: '1' });
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /^host b terlihat: Redis mesin utama menjawab sebagai worker-b$/m);
  const env = join(root, 'opt/potion-runner/.env');
  assert.equal((statSync(env).mode & 0o777).toString(8), '600');
  const text = readFileSync(env, 'utf8');
  assert.match(text, /^HOST_ID="b"$/m);
  // The worker then leaves the main machine's keys alone (its Redis user may not touch them).
  assert.match(text, /^HOST_ROLE="joined"$/m);
  assert.ok(text.includes(`REDIS_URL="redis://worker-b:${body.password}@127.0.0.1:${w.port}"`), text);
  const key = join(root, 'opt/potion-runner/data/keys/job-proof.key');
  assert.equal(readFileSync(key, 'utf8'), `${body.proofKey}\n`);
  assert.equal((statSync(key).mode & 0o777).toString(8), '600');
  assert.ok(existsSync(join(root, 'etc/systemd/system/potion-runner-worker.service')));
  for (const u of ['potion-runner-bot.service', 'potion-runner-dashboard.service']) assert.equal(existsSync(join(root, `etc/systemd/system/${u}`)), false, u);
  // The umbrella for the PRD's commands, showing the worker only.
  assert.ok(existsSync(join(root, 'etc/systemd/system/potion-runner.service')));
  assert.match(readFileSync(join(root, 'etc/systemd/system/potion-runner.service.d/joined.conf'), 'utf8'), /^Environment=POTION_UMBRELLA_PROCS=worker$/m);
  assert.equal(existsSync(join(root, 'etc/redis/potion-runner.conf')), false, 'no Redis of its own');
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(body.password), 'the password is not printed');

  const again = install(root, ['--join', '--join-secret', line], { POTION_JOIN_CHECK: '1' });
  assert.equal(again.code, 0, again.all);
  assert.match(again.stdout, /Nothing to change|Done: 0 change/);
  assert.doesNotMatch(again.stdout, /changed: (set|wrote)/, 'a second run changes nothing');

  assert.equal(w.hosts('remove', 'b').code, 0);
  const gone = install(root, ['--join', '--join-secret', line], { POTION_JOIN_CHECK: '1' });
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /Redis mesin utama menolak worker-b \(password salah atau host sudah dihapus\)/);
});
