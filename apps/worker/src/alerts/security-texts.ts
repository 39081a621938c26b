import type { AuthEvent, KernelEvent } from '@potion/adapters';
import { size } from '@potion/jobs';

/** What the admins read about logins, sudo and the kernel, casual Indonesian. */
export const securityTexts = {
  login: (e: Extract<AuthEvent, { kind: 'login' }>, at: string) =>
    `🔑 Ada yang login SSH: user ${e.user} dari ${e.from}, ${e.method === 'key' ? `pakai kunci${e.key ? ` (${e.key})` : ''}` : e.method === 'password' ? 'pakai password' : 'cara lain'}. 🕒 ${at}\nKalau itu bukan kamu, segera ganti password dan cek ~/.ssh/authorized_keys.`,
  failedBurst: (count: number, windowMin: number, sources: readonly string[], users: readonly string[]) =>
    `🚪 ${count} kali login SSH gagal dalam ${windowMin} menit terakhir (dari ${sources.slice(0, 3).join(', ')}${sources.length > 3 ? ` dan ${sources.length - 3} alamat lain` : ''}; user yang dicoba: ${users.slice(0, 5).join(', ')}). Ada yang coba-coba masuk; pastikan login password SSH dimatikan.`,
  sudo: (e: Extract<AuthEvent, { kind: 'sudo' }>, at: string) =>
    e.denied
      ? `🛡️ ${e.user} mencoba sudo tapi ditolak (${e.denied}): ${e.command}. 🕒 ${at}`
      : `🛡️ ${e.user} menjalankan sudo sebagai ${e.runAs} (terminal ${e.tty}): ${e.command}. 🕒 ${at}`,
  kernel: (e: KernelEvent, at: string, last: readonly string[]) => {
    const head =
      e.kind === 'oom'
        ? `💥 RAM habis, kernel mematikan proses ${e.process} (PID ${e.pid}) yang memakai ${size(e.anonRssKb * 1024)} RAM (total-vm ${size(e.totalVmKb * 1024)})${e.cgroup ? ' karena batas memori service-nya' : ''}.`
        : e.kind === 'io'
          ? `💾 Disk ${e.device} error baca/tulis${e.sector !== undefined ? ` (sektor ${e.sector})` : ''}. Disk bisa mulai rusak: backup data penting dan cek 🩺 SMART.`
          : `🔒 Filesystem ${e.fs} di ${e.device} dijadikan read-only oleh kernel karena error. Tidak ada yang bisa menulis ke sana sampai diperbaiki (fsck) dan di-mount ulang.`;
    return `${head} 🕒 ${at}\nBaris terakhir log kernel:\n${last.map((l) => `  ${l}`).join('\n')}`;
  },
  /** The digest line; undefined when nothing happened. */
  digest: (c: { logins: number; users: readonly string[]; failed: number; sudo: number; kernel: number }) =>
    `🔐 24 jam terakhir: ${c.logins ? `${c.logins} login SSH (${c.users.join(', ')})` : 'tidak ada login SSH'}, ${c.failed} login gagal, ${c.sudo} sudo oleh orang${c.kernel ? `, ${c.kernel} kejadian kernel (OOM/disk)` : ''}.`,
} as const;
