import { endianness } from 'node:os';
import { createRequire } from 'node:module';

/**
 * Unix datagram sockets through libc, because Node has none (dgram is UDP only, net is
 * streams only) and systemd's notify socket is SOCK_DGRAM. We call socket/sendto/recv via
 * koffi, a prebuilt FFI (no compiler, no node-gyp), instead of spawning `systemd-notify`:
 * the bot must never run a command. See docs/decisions/ (sd_notify without a native build).
 * koffi is loaded on first use only, so processes outside systemd never load it.
 */

const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const MSG_DONTWAIT = 0x40;
const MSG_NOSIGNAL = 0x4000;
/** sun_path is 108 bytes including the terminating NUL of a filesystem path. */
const SUN_PATH_MAX = 108;

interface Libc {
  socket: (domain: number, type: number, protocol: number) => number;
  bind: (fd: number, addr: Buffer, len: number) => number;
  sendto: (fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number) => number;
  recv: (fd: number, buf: Buffer, len: number, flags: number) => number;
  close: (fd: number) => number;
  errno: () => number;
}

let libc: Libc | undefined;

function loadLibc(): Libc {
  if (libc) return libc;
  const require = createRequire(import.meta.url);
  // koffi's types describe its CommonJS entry; only these five functions are used.
  const koffi = require('koffi') as typeof import('koffi');
  const lib = koffi.load('libc.so.6');
  libc = {
    socket: lib.func('int socket(int, int, int)') as Libc['socket'],
    bind: lib.func('int bind(int, const void *, uint32_t)') as Libc['bind'],
    sendto: lib.func('long sendto(int, const void *, size_t, int, const void *, uint32_t)') as Libc['sendto'],
    recv: lib.func('long recv(int, _Out_ void *, size_t, int)') as Libc['recv'],
    close: lib.func('int close(int)') as Libc['close'],
    errno: () => koffi.errno(),
  };
  return libc;
}

/** A failed libc call, with the errno a human can look up (`errno 111` = ECONNREFUSED). */
export class UnixDgramError extends Error {
  override readonly name = 'UnixDgramError';
  constructor(
    readonly call: string,
    readonly errno: number,
  ) {
    super(`${call} failed with errno ${errno}`);
  }
}

/**
 * Encodes a `struct sockaddr_un`. A leading "@" means the Linux abstract namespace (as in
 * $NOTIFY_SOCKET), written as a leading NUL and not NUL-terminated.
 */
export function sockaddrUn(path: string): Buffer {
  const abstract = path.startsWith('@');
  const name = Buffer.from(abstract ? `\0${path.slice(1)}` : path, 'utf8');
  if (name.length === 0 || name.length >= SUN_PATH_MAX) throw new RangeError(`unix socket path must be 1..${SUN_PATH_MAX - 1} bytes: ${path}`);
  const addr = Buffer.alloc(2 + name.length + (abstract ? 0 : 1));
  if (endianness() === 'LE') addr.writeUInt16LE(AF_UNIX, 0);
  else addr.writeUInt16BE(AF_UNIX, 0);
  name.copy(addr, 2);
  return addr;
}

/** An unbound datagram socket for sending. */
export interface DgramSender {
  /** Sends one datagram; throws UnixDgramError (ENOENT, ECONNREFUSED, EAGAIN...). */
  send(path: string, message: Buffer): void;
  close(): void;
}

export function openDgramSender(): DgramSender {
  const c = loadLibc();
  const fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw new UnixDgramError('socket', c.errno());
  let open = true;
  return {
    send(path, message) {
      if (!open) throw new UnixDgramError('sendto on a closed socket', 9);
      const addr = sockaddrUn(path);
      const n = c.sendto(fd, message, message.length, MSG_NOSIGNAL | MSG_DONTWAIT, addr, addr.length);
      if (n < 0) throw new UnixDgramError('sendto', c.errno());
    },
    close() {
      if (open) c.close(fd);
      open = false;
    },
  };
}

/** A bound, non-blocking datagram socket: the receiving end (tests use it as a stand-in notify socket). */
export interface DgramReceiver {
  /** The next waiting datagram, or undefined when none is queued. */
  receive(): Buffer | undefined;
  close(): void;
}

export function bindDgramReceiver(path: string): DgramReceiver {
  const c = loadLibc();
  const fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) throw new UnixDgramError('socket', c.errno());
  const addr = sockaddrUn(path);
  if (c.bind(fd, addr, addr.length) !== 0) {
    const errno = c.errno();
    c.close(fd);
    throw new UnixDgramError('bind', errno);
  }
  const buf = Buffer.alloc(4096);
  let open = true;
  return {
    receive() {
      if (!open) return undefined;
      const n = c.recv(fd, buf, buf.length, MSG_DONTWAIT);
      if (n < 0) {
        const errno = c.errno();
        if (errno === 11) return undefined; // EAGAIN: nothing queued
        throw new UnixDgramError('recv', errno);
      }
      return Buffer.from(buf.subarray(0, n));
    },
    close() {
      if (open) c.close(fd);
      open = false;
    },
  };
}
