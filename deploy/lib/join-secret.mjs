#!/usr/bin/env node
// Used by deploy/install.sh --join: reads the join secret printed by `potion hosts add` on
// the main machine (one line on stdin: not argv, so `ps` never shows it), checks it, and
// prints KEY=value lines the installer reads. `--redis ADDR` gives the main machine's Redis
// address (host, host:port, [v6]:port, redis://..., rediss://...); without it the address
// inside the secret is used. Plain JavaScript without packages: it runs before the app is built.
// The format: potion-join-v1.<base64url JSON {host, user, password, proofKey, redis?}>
// (apps/cli/src/hosts/join-secret.ts writes it). The network ranges are the ones of
// libs/platform/src/redis-network.ts: Redis across machines only over Tailscale or TLS.
import { isIPv4, isIPv6 } from 'node:net';
import { readFileSync } from 'node:fs';

const PREFIX = 'potion-join-v1.';
const fail = (why) => {
  process.stderr.write(`ERROR: ${why}\n`);
  process.exit(2);
};

function network(host) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return 'loopback';
  if (isIPv4(h)) {
    const [a, b] = h.split('.').map(Number);
    if (a === 127) return 'loopback';
    return a === 100 && b >= 64 && b <= 127 ? 'tailscale' : 'other';
  }
  if (isIPv6(h)) {
    if (h === '::1') return 'loopback';
    return /^fd7a:115c:a1e0:/.test(h) || /^fd7a:115c:a1e0::/.test(h) ? 'tailscale' : 'other';
  }
  return 'other';
}

const args = process.argv.slice(2);
const redisArg = args[0] === '--redis' ? args[1] : undefined;
const secret = readFileSync(0, 'utf8').split('\n')[0].trim();
if (secret === '') fail('rahasia gabung kosong: salin satu baris dari `sudo potion hosts add <nama>` di mesin utama');
if (!secret.startsWith(PREFIX)) fail(`rahasia gabung harus diawali "${PREFIX}": salin satu baris utuh dari \`sudo potion hosts add <nama>\` di mesin utama`);
const b64 = secret.slice(PREFIX.length);
if (!/^[A-Za-z0-9_-]+$/.test(b64)) fail('rahasia gabung rusak: ada karakter yang bukan bagian dari rahasia (spasi atau baris terpotong waktu disalin?)');
let body;
try {
  body = JSON.parse(Buffer.from(b64, 'base64url').toString('utf8'));
} catch {
  fail('rahasia gabung rusak: isinya nggak kebaca (terpotong waktu disalin?). Salin lagi satu baris utuh');
}
if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('rahasia gabung rusak: isinya bukan data host');
const missing = ['host', 'user', 'password', 'proofKey'].filter((k) => typeof body[k] !== 'string' || body[k] === '');
if (missing.length) fail(`rahasia gabung kurang: ${missing.join(', ')}. Bikin yang baru di mesin utama: sudo potion hosts remove <nama>; sudo potion hosts add <nama>`);
if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(body.host)) fail(`nama host "${body.host}" di rahasia gabung nggak valid`);
if (body.user !== `worker-${body.host}`) fail(`user Redis "${body.user}" nggak cocok dengan host ${body.host} (harusnya worker-${body.host})`);
if (!/^[A-Za-z0-9]{40}$/.test(body.password)) fail('password Redis di rahasia gabung nggak valid');
if (!/^[A-Za-z0-9_-]{43}$/.test(body.proofKey)) fail('kunci bukti job di rahasia gabung nggak valid');

const addr = (redisArg ?? (typeof body.redis === 'string' ? body.redis : '')).trim();
if (addr === '') fail('alamat Redis mesin utama belum ada: pakai --redis ALAMAT:6379 (alamat Tailscale mesin utama: `tailscale ip -4` di sana)');
const m = /^(?:(redis|rediss):\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?\/?$/.exec(addr);
if (!m) fail(`alamat Redis "${addr}" nggak kebaca: tulis seperti 100.101.102.103:6379 atau rediss://redis.contoh.net:6380`);
const [, scheme = 'redis', host, port = '6379'] = m;
if (Number(port) < 1 || Number(port) > 65535) fail(`port ${port} di alamat Redis nggak valid`);
if (scheme === 'redis' && network(host) === 'other') {
  fail(`Redis ${host} bukan alamat Tailscale (100.64.0.0/10, fd7a:115c:a1e0::/48) atau localhost: lewat LAN/internet isinya (dan password-nya) jalan tanpa enkripsi. Pakai alamat Tailscale mesin utama (tailscale ip -4 di sana), atau rediss:// dengan TLS`);
}
const out = {
  JOIN_HOST: body.host,
  JOIN_USER: body.user,
  JOIN_PASSWORD: body.password,
  JOIN_PROOF_KEY: body.proofKey,
  JOIN_REDIS_HOST: host.replace(/^\[|\]$/g, ''),
  JOIN_REDIS_PORT: port,
  JOIN_REDIS_TLS: scheme === 'rediss' ? '1' : '0',
  JOIN_REDIS_URL: `${scheme}://${body.user}:${body.password}@${host}:${port}`,
  JOIN_REDIS_SHOWN: `${scheme}://${body.user}:***@${host}:${port}`,
};
for (const [k, v] of Object.entries(out)) process.stdout.write(`${k}=${v}\n`);
