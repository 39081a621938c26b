import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKernelMessage } from './kernel-log.js';

// Lines built from the kernel's format strings (mm/oom_kill.c, block/blk-core.c,
// fs/buffer.c, fs/ext4/super.c), with values as a real machine prints them.

test('an OOM kill: the process, its pid and memory (system-wide and in a cgroup)', () => {
  assert.deepEqual(
    parseKernelMessage('Out of memory: Killed process 1234 (node) total-vm:1843200kB, anon-rss:912384kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:2100kB oom_score_adj:0'),
    { kind: 'oom', pid: 1234, process: 'node', totalVmKb: 1843200, anonRssKb: 912384, cgroup: false },
  );
  const c = parseKernelMessage('Memory cgroup out of memory: Killed process 4321 (python3) total-vm:524288kB, anon-rss:262144kB, file-rss:1024kB, shmem-rss:0kB, UID:0 pgtables:600kB oom_score_adj:0');
  assert.equal(c?.kind === 'oom' && c.cgroup && c.process, 'python3');
});

test('disk I/O errors: the block layer (old and new wording) and the buffer cache', () => {
  assert.deepEqual(parseKernelMessage('I/O error, dev sda, sector 123456 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2'), { kind: 'io', device: 'sda', sector: 123456 });
  assert.deepEqual(parseKernelMessage('blk_update_request: I/O error, dev sdb, sector 2048'), { kind: 'io', device: 'sdb', sector: 2048 });
  assert.deepEqual(parseKernelMessage('critical medium error, dev sdb, sector 4096 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0'), { kind: 'io', device: 'sdb', sector: 4096 });
  assert.deepEqual(parseKernelMessage('Buffer I/O error on dev sdb1, logical block 0, async page read'), { kind: 'io', device: 'sdb1' });
});

test('a filesystem remounted read-only', () => {
  // As quoted from a real kernel log in a public bug report (device-mapper names have a hyphen).
  assert.deepEqual(parseKernelMessage('EXT4-fs (dm-17): Remounting filesystem read-only'), { kind: 'readonly', fs: 'EXT4', device: 'dm-17' });
  assert.deepEqual(parseKernelMessage('I/O error, dev dm-3, sector 8 op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 0'), { kind: 'io', device: 'dm-3', sector: 8 });
  assert.deepEqual(parseKernelMessage('EXT4-fs (sda1): Remounting filesystem read-only'), { kind: 'readonly', fs: 'EXT4', device: 'sda1' });
  assert.deepEqual(parseKernelMessage('EXT4-fs error (device sdb1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0'), undefined);
});

test('ordinary kernel lines are no event', () => {
  for (const m of ['EXT4-fs (sdb1): mounted filesystem with ordered data mode. Quota mode: none.', 'usb 1-1: new high-speed USB device number 2 using xhci_hcd', 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null)']) {
    assert.equal(parseKernelMessage(m), undefined, m);
  }
});
