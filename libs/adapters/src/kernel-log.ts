/**
 * Parsers of kernel messages that need the admin at once (pure). The shapes follow the
 * kernel's format strings: mm/oom_kill.c `"%s: Killed process %d (%s) total-vm:%lukB,
 * anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%hd"`
 * (prefix "Out of memory" or "Memory cgroup out of memory"), block/blk-core.c
 * `"%s error, dev %s, sector %llu op 0x%x:(%s) flags 0x%x phys_seg %u prio class %u"` (older
 * kernels: "blk_update_request: I/O error, dev sda, sector 123"), fs/buffer.c
 * "Buffer I/O error on dev %pg, logical block %llu", and ext4's
 * "EXT4-fs (%s): Remounting filesystem read-only" (also "Remounting filesystem read-only" of
 * other filesystems in the same form).
 */

export type KernelEvent =
  | { kind: 'oom'; pid: number; process: string; totalVmKb: number; anonRssKb: number; cgroup: boolean }
  | { kind: 'io'; device: string; sector?: number }
  | { kind: 'readonly'; device: string; fs: string };

const OOM = /^(Out of memory|Memory cgroup out of memory): Killed process (\d+) \((.*)\) total-vm:(\d+)kB, anon-rss:(\d+)kB/;
// blk_errors[] names: "I/O" (BLK_STS_IOERR), "critical medium" (a bad sector), "critical target"...
const BLK = /(?:^|: )(?:I\/O|critical medium|critical target|critical nexus) error, dev ([\w-]+), sector (\d+)/;
const BUFFER = /^Buffer I\/O error on dev ([\w-]+), logical block (\d+)/;
const RO = /^([A-Za-z0-9]+)-fs(?: error)? \(([^)]+)\): Remounting filesystem read-only/;

export function parseKernelMessage(message: string): KernelEvent | undefined {
  const o = OOM.exec(message);
  if (o) return { kind: 'oom', pid: Number(o[2]), process: o[3]!, totalVmKb: Number(o[4]), anonRssKb: Number(o[5]), cgroup: o[1] !== 'Out of memory' };
  const b = BLK.exec(message);
  if (b) return { kind: 'io', device: b[1]!, sector: Number(b[2]) };
  const f = BUFFER.exec(message);
  if (f) return { kind: 'io', device: f[1]! };
  const r = RO.exec(message);
  if (r) return { kind: 'readonly', fs: r[1]!.toUpperCase(), device: r[2]! };
  return undefined;
}
