import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, run } from '../harness/deploy-helpers.js';

const HDD_SETUP = join(REPO, 'deploy', 'hdd-setup.sh');
const UUID = '3f1c2a9e-8d4b-4e55-9a61-0c2d7b5e1f42';
const FSTAB = '# /etc/fstab: static file system information.\nUUID=1111-2222 / ext4 errors=remount-ro 0 1\n/swap.img none swap sw 0 0\n';

/**
 * Stand-ins for the disk tools, printing what Ubuntu 24.04's util-linux prints, driven by
 * files in the state folder: fstype (of /dev/sdb4), mount-fails, verify-fails, mounted.
 * Kept beside this test: nothing else needs them.
 */
const standins: Record<string, string> = {
  lsblk: `#!/bin/sh
S="$STANDIN_STATE"
case "$*" in
  *-nP*) [ "$(echo "$*" | awk '{print $NF}')" = /dev/sdb4 ] || exit 32
         printf 'TYPE="part" FSTYPE="%s" MOUNTPOINT=""\\n' "$(cat "$S/fstype" 2>/dev/null)" ;;
  *) printf 'NAME     SIZE TYPE FSTYPE LABEL MOUNTPOINT UUID\\nsda    238.5G disk\\n└─sda2 237.9G part ext4         /          1111-2222\\nsdb    465.8G disk\\n└─sdb4   270G part %s\\n' "$(cat "$S/fstype" 2>/dev/null)" ;;
esac
`,
  blkid: `#!/bin/sh
echo ${UUID}
`,
  'mkfs.ext4': `#!/bin/sh
echo "mkfs.ext4 $*" >> "$STANDIN_STATE/calls"; echo ext4 > "$STANDIN_STATE/fstype"
`,
  mount: `#!/bin/sh
echo "mount $*" >> "$STANDIN_STATE/calls"
if [ -f "$STANDIN_STATE/mount-fails" ]; then echo "mount: /mnt/x: wrong fs type, bad option, bad superblock on /dev/sdb4." >&2; exit 32; fi
touch "$STANDIN_STATE/mounted"
`,
  // Options are matched as whole arguments, never as text of the joined line: the mount
  // point is a random temp folder, and one named /tmp/potion-hdd-o… made a "-o" match
  // (findmnt -M printed a source, "already mounted", a flaky test).
  findmnt: `#!/bin/sh
echo "findmnt $*" >> "$STANDIN_STATE/calls"
mode=query
for a in "$@"; do
  case "$a" in
    --verify) mode=verify ;;
    -o) [ "$mode" = verify ] || mode=print ;;
  esac
done
case "$mode" in
  verify) if [ -f "$STANDIN_STATE/verify-fails" ]; then echo "   [E] unreachable source: UUID=${UUID}" ; exit 1; fi; echo "Success, no errors or warnings detected" ;;
  print) [ -f "$STANDIN_STATE/mounted" ] && echo "/dev/sdb4 /mnt/x ext4 rw,noatime" ;;
  *) [ -f "$STANDIN_STATE/mounted" ] ;;
esac
`,
};

function setup(t: { after: (fn: () => void) => void }, state: { fstype?: string; mountFails?: boolean; verifyFails?: boolean } = {}) {
  // "-o" in the prefix on purpose: the stand-ins must read their options as arguments, not
  // grep the joined command line (a random name with "-o" once made this file flaky).
  const dir = mkdtempSync(join(tmpdir(), 'potion-hdd-o-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, 'bin');
  const st = join(dir, 'state');
  mkdirSync(bin);
  mkdirSync(st);
  for (const [name, text] of Object.entries(standins)) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(st, 'fstype'), state.fstype ?? 'ext4');
  if (state.mountFails) writeFileSync(join(st, 'mount-fails'), '');
  if (state.verifyFails) writeFileSync(join(st, 'verify-fails'), '');
  const fstab = join(dir, 'fstab');
  writeFileSync(fstab, FSTAB);
  const mountPoint = join(dir, 'mnt', 'potion-data');
  const calls = () => (existsSync(join(st, 'calls')) ? readFileSync(join(st, 'calls'), 'utf8') : '');
  const go = (answers: readonly string[]) =>
    run('bash', [HDD_SETUP, '--fstab', fstab, '--mount-point', mountPoint], {
      input: answers.map((a) => `${a}\n`).join(''),
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, STANDIN_STATE: st },
    });
  return { fstab, mountPoint, calls, go };
}

test('an ext4 partition is added to fstab by UUID with nofail after the name is typed, then checked with mount -a and findmnt --verify', (t) => {
  const s = setup(t);
  const r = s.go(['sdb4', 'sdb4']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /already ext4: it is NOT formatted/);
  const fstab = readFileSync(s.fstab, 'utf8');
  assert.ok(fstab.startsWith(FSTAB), 'the old lines stay');
  assert.ok(fstab.includes(`UUID=${UUID} ${s.mountPoint} ext4 defaults,noatime,nofail 0 2\n`), fstab);
  assert.match(s.calls(), new RegExp(`mount -a -T ${s.fstab}`));
  assert.match(s.calls(), /findmnt --verify --tab-file/);
  assert.doesNotMatch(s.calls(), /mkfs/);
  assert.ok(existsSync(s.mountPoint));
});

test('typing anything but the exact device name leaves fstab untouched', (t) => {
  const s = setup(t);
  const r = s.go(['sdb4', 'sdb']);
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /Stopped: .* not changed/);
  assert.equal(readFileSync(s.fstab, 'utf8'), FSTAB);
  assert.doesNotMatch(s.calls(), /^mount |mkfs/m, 'nothing mounted or formatted');
});

test('a partition without ext4 is formatted only after its name is typed again', (t) => {
  const refused = setup(t, { fstype: 'ntfs' });
  const r1 = refused.go(['sdb4', 'yes']);
  assert.match(r1.stdout, /ERASES EVERYTHING on \/dev\/sdb4/);
  assert.doesNotMatch(refused.calls(), /mkfs/);
  assert.equal(readFileSync(refused.fstab, 'utf8'), FSTAB);

  const agreed = setup(t, { fstype: '' });
  const r2 = agreed.go(['sdb4', 'sdb4', 'sdb4']);
  assert.equal(r2.code, 0, r2.all);
  assert.match(agreed.calls(), /mkfs\.ext4 -F -L POTIONDATA \/dev\/sdb4/);
});

test('when mount -a fails, fstab is rolled back to exactly what it was', (t) => {
  const s = setup(t, { mountFails: true });
  const r = s.go(['sdb4', 'sdb4']);
  assert.notEqual(r.code, 0);
  assert.match(r.stdout, /Rolled back/);
  assert.match(r.stderr, /mount -a failed/);
  assert.equal(readFileSync(s.fstab, 'utf8'), FSTAB);
});

test('when findmnt --verify finds a problem, fstab is rolled back too', (t) => {
  const s = setup(t, { verifyFails: true });
  const r = s.go(['sdb4', 'sdb4']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /findmnt --verify found a problem/);
  assert.equal(readFileSync(s.fstab, 'utf8'), FSTAB);
});

test('a whole disk or an unknown device is refused before anything changes', (t) => {
  const s = setup(t);
  const r = s.go(['sdz9']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /does not exist/);
  assert.equal(readFileSync(s.fstab, 'utf8'), FSTAB);
});
