import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMountPoint, parseMountInfo } from './mounts.js';
import { parseShow } from './systemctl.js';

// `systemctl show -p Id -p LoadState -p ActiveState -p SubState a b c` on Ubuntu 24.04.
const SHOW = `Id=n8n.service
LoadState=loaded
ActiveState=active
SubState=running

Id=typo.service
LoadState=not-found
ActiveState=inactive
SubState=dead

Id=masked.service
LoadState=masked
ActiveState=inactive
SubState=dead
`;

describe('systemctl show parser', () => {
  it('reads one block per unit in the order asked, unknown units as not found', () => {
    const [a, b, c] = parseShow(SHOW, ['n8n.service', 'typo.service', 'masked.service']);
    assert.deepEqual(a, { unit: 'n8n.service', active: 'active', sub: 'running', load: 'loaded', found: true });
    assert.equal(b?.found, false);
    assert.equal(c?.load, 'masked');
    assert.equal(c?.found, true);
  });

  it('missing output leaves units unknown rather than guessing', () => {
    assert.deepEqual(parseShow('', ['x.service']), [{ unit: 'x.service', active: 'unknown', sub: 'unknown', load: 'unknown', found: false }]);
  });
});

// /proc/self/mountinfo lines from Ubuntu 24.04 with an HDD at /mnt/potion-data.
const MOUNTINFO = `22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
25 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
61 22 8:20 / /mnt/potion-data rw,noatime shared:33 - ext4 /dev/sdb4 rw
62 22 8:21 / /mnt/with\\040space rw,noatime shared:34 - ext4 /dev/sdb5 rw
`;

describe('mountinfo parser', () => {
  it('finds mount points, with octal escapes decoded', () => {
    const m = parseMountInfo(MOUNTINFO);
    assert.equal(m.length, 4);
    assert.deepEqual(m[2], { mountPoint: '/mnt/potion-data', fsType: 'ext4', source: '/dev/sdb4' });
    assert.equal(m[3]?.mountPoint, '/mnt/with space');
  });

  it('an empty folder where the HDD should be is not a mount point', () => {
    assert.equal(isMountPoint(MOUNTINFO, '/mnt/potion-data'), true);
    assert.equal(isMountPoint(MOUNTINFO, '/mnt/potion-data/'), true);
    assert.equal(isMountPoint(MOUNTINFO, '/mnt/other'), false);
    assert.equal(isMountPoint(MOUNTINFO, '/mnt'), false);
  });
});
