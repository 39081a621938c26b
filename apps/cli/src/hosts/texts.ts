/** What `potion hosts` tells the user on the main machine (casual Indonesian, plain text). */
export const hostsTexts = {
  usage: 'Pakai: potion hosts add <nama> [--redis ALAMAT] | potion hosts list | potion hosts remove <nama>\n',
  badName: (name: string) =>
    `Nama host "${name}" nggak bisa dipakai: huruf kecil, angka dan "-" saja, diawali huruf/angka, maksimal 31 karakter (contoh: pi, vps-1).\n`,
  ownName: (name: string) => `"${name}" itu nama mesin ini sendiri (HOST_ID). Pilih nama lain buat mesin baru.\n`,
  exists: (name: string) => `Host "${name}" sudah terdaftar. Mau bikin rahasia baru? Hapus dulu: sudo potion hosts remove ${name}\n`,
  noRedisUrl: 'REDIS_URL belum diisi di .env: potion hosts butuh Redis yang dipasang deploy/install.sh.\n',
  redisDown: (why: string) => `Gagal ngobrol sama Redis (${why}). Cek: systemctl status redis-server\n`,
  aclLoadFailed: (why: string) => `Redis menolak aturan ACL yang baru (${why}). Nggak ada yang diubah.\n`,
  added: (o: { name: string; user: string; keyPath: string; secret: string; redis?: string | undefined }) =>
    [
      `Host "${o.name}" ditambahkan.`,
      `- User Redis: ${o.user} (cuma boleh antrean dan kunci milik ${o.name} sendiri)`,
      `- Kunci bukti job: ${o.keyPath} (bot menandatangani perintah buat ${o.name} pakai kunci ini)`,
      '',
      'Rahasia gabung (satu baris, simpan baik-baik, cuma muncul sekali ini):',
      o.secret,
      '',
      `Di mesin baru, dari checkout potion-runner, jalankan lalu tempel rahasia di atas waktu ditanya:`,
      `  sudo deploy/install.sh --join${o.redis ? ` --redis ${o.redis}` : ' --redis <alamat Tailscale mesin ini>:6379'}`,
      '',
    ].join('\n'),
  none: 'Belum ada host lain. Tambah: sudo potion hosts add <nama>\n',
  listHead: 'Host yang sudah bergabung:\n',
  listLine: (o: { name: string; added: string; user: boolean; key: boolean }) =>
    `- ${o.name}: ditambahkan ${o.added}${o.user ? '' : ' (user Redis-nya HILANG dari file ACL)'}${o.key ? '' : ' (kunci bukti job-nya HILANG)'}\n`,
  notFound: (name: string) => `Host "${name}" nggak ada. Lihat daftarnya: sudo potion hosts list\n`,
  removed: (o: { name: string; user: string; userRemoved: boolean; keyRemoved: boolean }) =>
    [
      `Host "${o.name}" dihapus.`,
      o.userRemoved ? `- User Redis ${o.user} dihapus (koneksinya yang masih nyambung diputus)` : `- User Redis ${o.user} memang sudah nggak ada`,
      o.keyRemoved ? '- Kunci bukti job-nya dihapus: perintah bertanda tangan buat host ini ditolak' : '- Kunci bukti job-nya memang sudah nggak ada',
      '- Antrean dan data lamanya di Redis dibiarkan (bisa dilihat di dashboard)',
      '',
    ].join('\n'),
};
