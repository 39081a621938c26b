// npm run test:system: deploy/install.sh in a container booting a real systemd 252
// (systemd-nspawn), and what only a real system shows. Needs root, systemd-nspawn and
// debootstrap (npm run setup installs them); see README "System test".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@potion/testkit';
import { REPO, run } from '../harness/deploy-helpers.js';
import { Container } from './container.js';
import { APP_UNITS, CHECKOUT, DEMO_UNIT, INSIDE, InstalledSystem, TOKEN } from './installed.js';
import { APP_NAMES, UMBRELLA, journalHasOwnLine, statusShowsAll, unitProcesses } from './prd-commands.js';

const log = (line: string) => process.stdout.write(`# ${line}\n`);
let c: Container;
let sys: InstalledSystem;
let firstInstall = '';

before(async () => {
  c = Container.create({ log });
  // The checkout as a user has it after npm ci && npm run build (the container has no
  // network), plus what tests and runs leave in a checkout: none of it belongs in the app.
  const dest = join(c.root, CHECKOUT.slice(1));
  mkdirSync(dest, { recursive: true });
  const copy = run('rsync', ['-a', '--exclude=/.git', '--exclude=test-artifacts/', `${REPO}/`, `${dest}/`], { timeout: 300_000 });
  assert.equal(copy.code, 0, copy.all);
  mkdirSync(join(dest, 'test-artifacts'), { recursive: true });
  writeFileSync(join(dest, 'test-artifacts', 'screenshot.png'), 'left by a test');
  mkdirSync(join(dest, '.potion', 'logs'), { recursive: true });
  writeFileSync(join(dest, '.potion', 'logs', 'runtime.log'), 'left by npm start');
  writeFileSync(join(dest, 'npm-debug.log'), 'left by npm');
  sys = new InstalledSystem(c);
  sys.prepareRootfs();
  await c.boot();
  sys.enableHelpers();
  firstInstall = sys.install({ BOT_TOKEN: TOKEN, ADMIN_IDS: '11111111' }).all;
  sys.configure();
}, { timeout: 600_000 });

after(async () => {
  await c?.destroy();
}, { timeout: 120_000 });

describe('deploy/install.sh on a real systemd (Debian 12 container)', { concurrency: false, timeout: 900_000 }, () => {
  test('install.sh accepts Debian 12 without POTION_ANY_OS and takes Node.js from what is installed', () => {
    assert.match(firstInstall, /ok: supported system: debian 12/);
    assert.match(firstInstall, /ok: Node\.js v\d+\.\d+\.\d+ \(already installed\)/);
    assert.doesNotMatch(firstInstall, /nodesource|POTION_ANY_OS/i);
  });

  test('the app holds only what it needs: nothing tests or runs left in the checkout', () => {
    const listing = c.must('find', ['/opt/potion-runner/app', '-maxdepth', '2', '-name', 'test-artifacts', '-o', '-name', '.potion', '-o', '-name', '*.log']);
    assert.equal(listing.trim(), '', listing);
    assert.equal(c.exec('test', ['-f', '/opt/potion-runner/app/apps/worker/dist/main.js']).code, 0);
  });

  test('the installed units pass systemd-analyze verify on the real systemd', () => {
    const units = APP_UNITS.map((u) => `/etc/systemd/system/${u}`);
    const r = c.exec('systemd-analyze', ['verify', `/etc/systemd/system/${UMBRELLA}`, ...units]);
    assert.equal(r.code, 0, r.all);
    assert.doesNotMatch(r.all, /potion-runner/, r.all);
  });

  test('after a reboot potion-runner, worker, bot and dashboard are running, and the bot polls the Bot API', async () => {
    await c.reboot();
    await sys.waitAllActive();
    for (const u of [UMBRELLA, ...APP_UNITS]) assert.equal(c.must('systemctl', ['is-enabled', u]).trim(), 'enabled', u);
    assert.equal(c.must('systemctl', ['is-active', UMBRELLA]).trim(), 'active');
    await waitFor('the bot to poll the fake Bot API', () => (sys.botApiCalls().getUpdates ?? 0) > 0, 60_000, 500);
  });

  test('with a nofail HDD in fstab, every service starts after the HDD is mounted', () => {
    const mount = c.must('systemd-escape', ['--path', '--suffix=mount', '/mnt/potion-data']).trim();
    assert.equal(c.must('systemctl', ['is-active', mount]).trim(), 'active');
    const mounted = Number(c.must('systemctl', ['show', '-P', 'ActiveEnterTimestampMonotonic', mount]));
    for (const u of APP_UNITS) {
      // systemctl show quotes a name with a backslash in it: "mnt-potion\\x2ddata.mount".
      const afterList = c.must('systemctl', ['show', '-P', 'After', u]).split(/\s+/).map((n) => (n.startsWith('"') ? (JSON.parse(n) as string) : n));
      assert.ok(afterList.includes(mount), `${u} is ordered after ${mount}: After=${afterList.join(' ')}`);
      const started = Number(c.must('systemctl', ['show', '-P', 'ExecMainStartTimestampMonotonic', u]));
      assert.ok(mounted > 0 && started > mounted, `${u} started (${started}) after the HDD was mounted (${mounted})`);
    }
  });

  test("the worker's sudo rules work from its real process: NoNewPrivs 0, a whitelisted restart succeeds", () => {
    const pid = sys.mainPid('potion-runner-worker.service');
    const status = c.must('cat', [`/proc/${pid}/status`]);
    assert.match(status, /^NoNewPrivs:\s+0$/m, 'the running worker may gain privileges (sudo is setuid)');
    const before = sys.mainPid(DEMO_UNIT);
    const result = sys.runJob('service.restart', { unit: DEMO_UNIT });
    assert.equal(result.state, 'completed', JSON.stringify(result));
    const after = sys.mainPid(DEMO_UNIT);
    assert.notEqual(after, before, `${DEMO_UNIT} was restarted through sudo`);
    assert.equal(c.must('systemctl', ['is-active', DEMO_UNIT]).trim(), 'active');
  });

  test('issue 15 finding 1: root owns the app and its parent, potion can neither change nor move them; what the worker writes is in data/', () => {
    for (const d of ['/opt/potion-runner', '/opt/potion-runner/app']) assert.equal(c.must('stat', ['-c', '%U:%G %a', d]).trim(), 'root:potion 750', d);
    assert.equal(c.must('find', ['/opt/potion-runner/app', '(', '!', '-user', 'root', '-o', '(', '!', '-type', 'l', '-perm', '/022', ')', ')', '-print']).trim(), '', 'everything in the app is root\'s, writable by nobody else');
    for (const attempt of [
      ['touch', '/opt/potion-runner/app/apps/cli/dist/main.js'],
      ['touch', '/opt/potion-runner/app/planted.js'],
      ['mv', '/opt/potion-runner/app', '/opt/potion-runner/app.old'],
      ['mkdir', '/opt/potion-runner/app2'],
    ]) {
      const r = c.exec('runuser', ['-u', 'potion', '--', ...attempt]);
      assert.notEqual(r.code, 0, `potion could: ${attempt.join(' ')}`);
    }
    assert.equal(c.must('stat', ['-c', '%U:%G %a', '/opt/potion-runner/.env']).trim(), 'potion:potion 600');
    assert.equal(c.must('stat', ['-c', '%U:%G %a', '/opt/potion-runner/data']).trim(), 'potion:potion 750');
    assert.equal(c.must('stat', ['-c', '%U', '/opt/potion-runner/data/keys/job-proof.key']).trim(), 'potion', 'the worker keeps its key in data/');
    assert.match(c.must('getent', ['passwd', 'potion']), /:\/opt\/potion-runner\/data:/, 'HOME of potion is data/');
    assert.match(firstInstall, /Problems: {3}sudo -u potion node \/opt\/potion-runner\/app\/apps\/cli\/dist\/main\.js doctor/);
  });

  test('issue 15 finding 3: Redis refuses the default user, the worker works as the ACL user, doctor says so', () => {
    assert.match(c.exec('redis-cli', ['ping']).all, /NOAUTH/);
    assert.match(c.exec('redis-cli', ['-h', '127.0.0.1', 'lpush', 'potion:x', 'y']).all, /NOAUTH/);
    assert.equal(sys.redisCli(['ping']).stdout.trim(), 'PONG');
    assert.equal(c.must('stat', ['-c', '%U:%G %a', '/etc/redis/potion-runner.acl']).trim(), 'root:redis 640');
    const result = sys.runJob('service.list', {});
    assert.equal(result.state, 'completed', `the worker answers jobs through the ACL user: ${JSON.stringify(result)}`);
    const doctor = c.exec('runuser', ['-u', 'potion', '--', '/usr/bin/node', '/opt/potion-runner/app/apps/cli/dist/main.js', 'doctor']);
    assert.match(doctor.stdout, /✔ Redis refuses connections without a password/, doctor.all);
    assert.doesNotMatch(doctor.all, /redis:\/\/potion:[A-Za-z0-9]{8}/, 'doctor never prints the password');
  });

  test('issue 15 finding 7: sudo -l -U potion denies smartctl on other paths or types and apt-get through PATH', () => {
    const may = (...cmd: string[]) => c.exec('sudo', ['-l', '-U', 'potion', ...cmd]).code === 0;
    assert.ok(may('/usr/sbin/smartctl', '-j', '-i', '-H', '-A', '-d', 'sat', '/dev/sda'));
    assert.ok(may('/usr/bin/systemctl', 'restart', '--', DEMO_UNIT));
    assert.ok(!may('/usr/sbin/smartctl', '-j', '-i', '-H', '-A', '-d', 'test', '/etc/shadow'), 'smartctl -d test /etc/shadow');
    assert.ok(!may('/usr/sbin/smartctl', '-j', '-i', '-H', '-A', '-d', 'sat', '/proc/self/mem'), 'smartctl /proc/self/mem');
    assert.ok(!may('/usr/bin/env', 'DEBIAN_FRONTEND=noninteractive', 'NEEDRESTART_MODE=l', 'apt-get', '-q', '-y', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'upgrade'), 'apt-get through PATH');
    assert.ok(may('/usr/bin/env', 'DEBIAN_FRONTEND=noninteractive', 'NEEDRESTART_MODE=l', '/usr/bin/apt-get', '-q', '-y', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'upgrade'));
    assert.ok(!may('/usr/bin/systemctl', 'restart', '--', 'ssh.service'));
  });

  test('issue 17 points 6 and 9: security updates install by themselves, doctor says so; htop and sysstat are installed', () => {
    assert.match(firstInstall, /==> Security updates: unattended-upgrades/);
    // Debian's package turns them on itself (debconf default): the installer leaves that file alone and says so.
    assert.match(firstInstall, /ok: automatic security updates are on: \/etc\/apt\/apt\.conf\.d\/20auto-upgrades sets APT::Periodic::Unattended-Upgrade "1" \(left as it is\)|changed: wrote \/etc\/apt\/apt\.conf\.d\/20auto-upgrades/, firstInstall);
    assert.match(c.must('apt-config', ['dump']), /^APT::Periodic::Unattended-Upgrade "1";$/m);
    assert.equal(c.must('systemctl', ['is-enabled', 'apt-daily-upgrade.timer']).trim(), 'enabled', 'the timer that runs unattended-upgrade');
    for (const tool of ['htop', 'sar', 'iostat']) assert.equal(c.exec('sh', ['-c', `command -v ${tool}`]).code, 0, tool);
    const doctor = c.exec('runuser', ['-u', 'potion', '--', '/usr/bin/node', '/opt/potion-runner/app/apps/cli/dist/main.js', 'doctor']);
    assert.match(doctor.stdout, /✔ automatic security updates on \(\/etc\/apt\/apt\.conf\.d\/20auto-upgrades\)/, doctor.all);
    assert.match(doctor.stdout, /✔ potion-runner\.service enabled and active/, doctor.all);
  });

  // Issue 17 point 1: the PRD's commands typed verbatim (systemctl and journalctl read
  // "potion-runner" as potion-runner.service).
  test('issue 17 point 1: `systemctl status potion-runner` shows worker, bot and dashboard running, with their PIDs', async () => {
    const status = await statusShowsAll(c, sys);
    assert.match(status, /Active: active \(running\)/, status);
  });

  test('the umbrella unit costs a few MB: the processes in its cgroup hold at most 20 MB resident together, at most 6 MB of it their own (anonymous) memory (issue 20)', async () => {
    await statusShowsAll(c, sys);
    const procs = unitProcesses(c, UMBRELLA);
    const totalKb = procs.reduce((sum, p) => sum + p.rssKb, 0);
    const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
    const listing = procs.map((p) => `${p.pid} ${mb(p.rssKb)} (anon ${mb(p.anonKb)}, file ${mb(p.fileKb)}) ${p.cmd}`).join('\n');
    log(`${UMBRELLA}: ${mb(totalKb)} resident in ${procs.length} processes\n${listing}`);
    assert.ok(procs.length > 0, 'the umbrella unit has processes');
    // journalctl (in every design that follows the journal) holds ~9 MB alone, almost all of it
    // pages of the journal files it maps (shared with journald, given back under pressure);
    // the anonymous part is what the umbrella really takes from the laptop.
    const anonKb = procs.reduce((sum, p) => sum + p.anonKb, 0);
    assert.ok(totalKb <= 20 * 1024, `${UMBRELLA} holds ${mb(totalKb)}:\n${listing}`);
    assert.ok(anonKb <= 6 * 1024, `${UMBRELLA} holds ${mb(anonKb)} of anonymous memory:\n${listing}`);
  });

  test('issue 17 point 1: `systemctl restart potion-runner` restarts all three; `journalctl -u potion-runner -f` follows what the worker and the bot write', async () => {
    const follow = c.follow('journalctl', ['-u', 'potion-runner', '-f']);
    try {
      const before = APP_UNITS.map((u) => sys.mainPid(u));
      const restart = c.exec('sudo', ['systemctl', 'restart', 'potion-runner']);
      assert.equal(restart.code, 0, restart.all);
      await sys.waitAllRestarted(before, 120_000);
      for (const [i, name] of APP_NAMES.entries()) {
        if (name === 'dashboard') continue;
        const unit = APP_UNITS[i]!;
        await journalHasOwnLine(c, follow.text, unit, sys.mainPid(unit), name);
      }
    } finally {
      await follow.stop();
    }
    await statusShowsAll(c, sys);
    const journal = c.exec('journalctl', ['-u', 'potion-runner', '--no-pager', '-n', '400']);
    for (const name of APP_NAMES) assert.match(journal.stdout, new RegExp(`\\b${name}: `), `journalctl -u potion-runner has lines of ${name}:\n${journal.all}`);
  });

  test('issue 17 point 1: a crashed worker is restarted alone by its own unit; bot, dashboard and the umbrella unit keep running', async () => {
    const units = [...APP_UNITS, UMBRELLA];
    const before = units.map((u) => sys.mainPid(u));
    const restarts = units.map((u) => c.must('systemctl', ['show', '-P', 'NRestarts', u]).trim());
    c.must('kill', ['-9', String(before[0])]);
    await waitFor('the worker to run again with a new process', () => {
      const pid = sys.mainPid(APP_UNITS[0]);
      return pid > 0 && pid !== before[0] && c.exec('systemctl', ['is-active', APP_UNITS[0]]).stdout.trim() === 'active';
    }, 60_000, 250);
    units.forEach((u, i) => {
      if (i === 0) return;
      assert.equal(sys.mainPid(u), before[i], `${u} was not restarted`);
      assert.equal(c.must('systemctl', ['show', '-P', 'NRestarts', u]).trim(), restarts[i], u);
    });
    await statusShowsAll(c, sys);
  });

  test("each process's own journal and the runtime.log have its lines (the per-process views the guide also names)", () => {
    const journal = c.exec('journalctl', ['-u', 'potion-runner-*', '--no-pager', '-n', '400']);
    assert.equal(journal.code, 0, journal.all);
    for (const name of APP_NAMES) assert.match(journal.stdout, new RegExp(`potion-runner-${name}\\[\\d+\\]: `), journal.all);
    const tail = c.exec('tail', ['-n', '5', '/opt/potion-runner/logs/runtime.log']);
    assert.equal(tail.code, 0, tail.all);
    assert.notEqual(tail.stdout.trim(), '', 'runtime.log has lines');
  });

  test('worker, bot and dashboard come back after kill -9', async () => {
    const before = APP_UNITS.map((u) => sys.mainPid(u));
    for (const pid of before) c.must('kill', ['-9', String(pid)]);
    await sys.waitAllRestarted(before, 60_000);
  });

  test("worker, bot and dashboard come back after a watchdog timeout (the worker's event loop frozen, bot and dashboard stopped)", async () => {
    const before = APP_UNITS.map((u) => sys.mainPid(u));
    // The worker's event loop is frozen through the inspector (node opens it on SIGUSR1, always
    // on port 9229, so one process at a time); bot and dashboard are frozen whole (SIGSTOP).
    // Either way no WATCHDOG=1 arrives and systemd must kill and restart them.
    c.must('/usr/bin/node', ['--experimental-websocket', `${INSIDE}/block-loop.js`, String(before[0])]);
    for (const pid of before.slice(1)) c.must('kill', ['-STOP', String(pid)]);
    await sys.waitAllRestarted(before, 150_000);
    for (const u of APP_UNITS) {
      const journal = c.must('journalctl', ['-u', u, '--no-pager', '-n', '100']);
      assert.match(journal, /Watchdog timeout/, `${u}: systemd says why it killed it`);
    }
  });

  test('Redis killed with -9 comes back, and the app services keep running untouched', async () => {
    const before = APP_UNITS.map((u) => sys.mainPid(u));
    const restarts = APP_UNITS.map((u) => c.must('systemctl', ['show', '-P', 'NRestarts', u]).trim());
    const redis = sys.mainPid('redis-server.service');
    c.must('kill', ['-9', String(redis)]);
    await waitFor('redis-server to be back', () => {
      const pid = sys.mainPid('redis-server.service');
      return pid !== 0 && pid !== redis && sys.redisCli(['ping']).stdout.trim() === 'PONG';
    }, 60_000, 250).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${sys.diagnose('redis-server.service')}`);
    });
    APP_UNITS.forEach((u, i) => {
      assert.equal(c.must('systemctl', ['is-active', u]).trim(), 'active', u);
      assert.equal(sys.mainPid(u), before[i], `${u} was not stopped or restarted`);
      assert.equal(c.must('systemctl', ['show', '-P', 'NRestarts', u]).trim(), restarts[i], u);
    });
    const result = sys.runJob('service.list', {});
    assert.equal(result.state, 'completed', `the worker still answers jobs: ${JSON.stringify(result)}`);
  });

  test('with Redis gone, stopping worker, bot and dashboard neither hangs nor ends in SIGKILL', async () => {
    c.must('systemctl', ['stop', 'redis-server.service']);
    try {
      c.must('systemctl', ['stop', '--no-block', 'potion-runner']);
      // systemd's own limit is TimeoutStopSec (bot, dashboard 30 s; worker 10 min), then SIGKILL.
      await waitFor('worker, bot and dashboard to stop', () => APP_UNITS.every((u) => c.exec('systemctl', ['is-active', u]).stdout.trim() === 'inactive'), 60_000, 250).catch((err: unknown) => {
        throw new Error(`${String(err)}\n${APP_UNITS.map((u) => sys.diagnose(u)).join('\n')}`);
      });
      for (const u of APP_UNITS) assert.equal(c.must('systemctl', ['show', '-P', 'Result', u]).trim(), 'success', `${u} stopped on SIGTERM by itself: ${sys.diagnose(u)}`);
    } finally {
      c.exec('systemctl', ['start', 'redis-server.service', 'potion-runner'], { timeoutMs: 120_000 });
    }
    await sys.waitAllActive();
  });

  test('issue 17: an install from before (potion-runner.target enabled and running) moves to potion-runner.service', async () => {
    // The target and its links as the installer used to leave them.
    c.must('sh', ['-c', [
      'printf "[Unit]\\nDescription=potion-runner (bot, worker, dashboard)\\nWants=potion-runner-worker.service potion-runner-bot.service potion-runner-dashboard.service\\n[Install]\\nWantedBy=multi-user.target\\n" >/etc/systemd/system/potion-runner.target',
      'mkdir -p /etc/systemd/system/potion-runner.target.wants',
      'for u in worker bot dashboard; do ln -sf /etc/systemd/system/potion-runner-$u.service /etc/systemd/system/potion-runner.target.wants/; done',
      'systemctl daemon-reload', 'systemctl enable --quiet potion-runner.target', 'systemctl start potion-runner.target',
    ].join(' && ')]);
    assert.equal(c.must('systemctl', ['is-active', 'potion-runner.target']).trim(), 'active');
    const r = sys.install({});
    assert.match(r.stdout, /changed: remove \/etc\/systemd\/system\/potion-runner\.target$/m, r.all);
    assert.match(r.stdout, /changed: stop potion-runner\.target$/m, r.all);
    assert.notEqual(c.exec('systemctl', ['is-active', 'potion-runner.target']).stdout.trim(), 'active');
    assert.equal(c.exec('test', ['-e', '/etc/systemd/system/multi-user.target.wants/potion-runner.target']).code, 1, 'not started at boot any more');
    assert.equal(c.exec('test', ['-e', '/etc/systemd/system/potion-runner.target.wants']).code, 1);
    for (const u of [UMBRELLA, ...APP_UNITS]) assert.equal(c.must('systemctl', ['is-enabled', u]).trim(), 'enabled', u);
    await sys.waitAllActive();
    await statusShowsAll(c, sys);
  });

  test('a second install changes nothing: "Nothing to change", no file rewritten, no restart', () => {
    const before = APP_UNITS.map((u) => sys.mainPid(u));
    c.must('touch', ['/run/potion-before-second-install']);
    const r = sys.install({});
    assert.match(r.stdout, /Nothing to change: potion-runner is installed and up to date\./, r.all);
    assert.doesNotMatch(r.stdout, /changed:/, r.all);
    const touched = c.must('find', ['/opt/potion-runner/app', '/opt/potion-runner/.env', '/etc/systemd/system', '/etc/sudoers.d', '/etc/redis', '-cnewer', '/run/potion-before-second-install']);
    assert.equal(touched.trim(), '', `files rewritten or chowned by the second run:\n${touched.split('\n').slice(0, 20).join('\n')}`);
    APP_UNITS.forEach((u, i) => assert.equal(sys.mainPid(u), before[i], `${u} was not restarted`));
  });

  test('issue 17 point 6: without network and without the package, install.sh says security updates are not automatic and finishes', async () => {
    c.must('env', ['DEBIAN_FRONTEND=noninteractive', 'dpkg', '--purge', 'unattended-upgrades']);
    const r = sys.install({});
    assert.match(r.stderr, /WARNING: unattended-upgrades could not be installed \(no network or no package source\?\)/, r.all);
    assert.match(r.stderr, /WARNING: security updates are NOT automatic\. When the server is online: sudo apt-get install unattended-upgrades, then sudo \/root\/potion-runner\/deploy\/install\.sh again/, r.all);
    assert.match(r.stdout, /Nothing to change: potion-runner is installed and up to date\.|Done:/, r.all);
    await sys.waitAllActive();
    const doctor = c.exec('runuser', ['-u', 'potion', '--', '/usr/bin/node', '/opt/potion-runner/app/apps/cli/dist/main.js', 'doctor']);
    assert.match(doctor.stdout, /✖ unattended-upgrades is not installed: security updates are not automatic\n\s+fix: sudo apt-get install unattended-upgrades, then: sudo deploy\/install\.sh/, doctor.all);
  });
});
