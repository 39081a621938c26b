import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Read size for hashing: large enough that syscalls do not dominate on an old laptop. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Reused read buffers: a fresh 1 MiB buffer per file costs page faults that dominate when
 * hashing thousands of small files.
 */
const spare: Buffer[] = [];

/**
 * Streaming sha256 of one file (paths as Buffers, so names that are not UTF-8 work).
 * Reads in 1 MiB chunks into one reused buffer; honours an AbortSignal between chunks.
 * Returns the hash and the number of bytes read. `sizeHint` (the size from lstat) lets a
 * small file be read in one call; a file longer than the hint is still read to its end.
 */
export async function sha256File(path: string | Buffer, signal?: AbortSignal, sizeHint?: number): Promise<{ sha256: string; bytes: number }> {
  const fh = await open(path, 'r');
  try {
    return await sha256Handle(fh, signal, sizeHint);
  } finally {
    await fh.close();
  }
}

/**
 * Like sha256File, and also returns the identity of what was hashed (from fstat of the open
 * file, so it names the very inode that was read): a hash computed while another process may
 * still replace the path is only trusted when the inode, size and mtime match later.
 */
export async function sha256FileWithStat(
  path: string | Buffer,
  signal?: AbortSignal,
): Promise<{ sha256: string; bytes: number; ino: string; dev: string; size: number; mtimeNs: string; mode: number }> {
  // No following symlinks and no blocking on a FIFO: only a regular file is hashed.
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) throw new Error('not a regular file');
    const r = await sha256Handle(fh, signal, Number(st.size));
    return { ...r, ino: st.ino.toString(), dev: st.dev.toString(), size: Number(st.size), mtimeNs: st.mtimeNs.toString(), mode: Number(st.mode & 0o7777n) };
  } finally {
    await fh.close();
  }
}

/** Files up to this size are hashed with synchronous calls (see sha256SmallFileSync). */
export const SYNC_HASH_MAX_BYTES = 4 * 1024 * 1024;

/**
 * sha256FileWithStat with synchronous calls, for small files: an open, fstat, a read or two
 * and a close cost ~10 µs this way, against ~50 µs of thread-pool round trips and promises,
 * which dominated hashing thousands of small files. Blocks the event loop for the length of
 * one file, so callers hash a slice of files and then yield. A file larger than `maxBytes`
 * is not read ('too-big'): the caller streams it with sha256FileWithStat instead.
 */
export function sha256SmallFileSync(
  path: string | Buffer,
  maxBytes = SYNC_HASH_MAX_BYTES,
): { sha256: string; bytes: number; ino: string; dev: string; size: number; mtimeNs: string; mode: number } | 'too-big' {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw new Error('not a regular file');
    const size = Number(st.size);
    if (size > maxBytes) return 'too-big';
    const hash = createHash('sha256');
    const buf = spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
    let total = 0;
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
        if (n === 0) break;
        hash.update(buf.subarray(0, n));
        total += n;
        if (total === size && n < CHUNK_BYTES) break;
      }
    } finally {
      if (spare.length < 8) spare.push(buf);
    }
    return { sha256: hash.digest('hex'), bytes: total, ino: st.ino.toString(), dev: st.dev.toString(), size, mtimeNs: st.mtimeNs.toString(), mode: Number(st.mode & 0o7777n) };
  } finally {
    closeSync(fd);
  }
}

async function sha256Handle(fh: FileHandle, signal: AbortSignal | undefined, sizeHint: number | undefined): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const buf = spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
  try {
    let total = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      total += bytesRead;
      // The size from lstat saves the final zero-length read (a thread-pool round trip per file).
      if (sizeHint !== undefined && total === sizeHint && bytesRead < CHUNK_BYTES) break;
    }
    return { sha256: hash.digest('hex'), bytes: total };
  } finally {
    if (spare.length < 8) spare.push(buf);
  }
}

/**
 * One line of a SHA256SUMS file exactly as GNU `sha256sum` writes it: "HASH  NAME\n", and
 * when the name holds a backslash or a newline (or a carriage return), a leading "\" with
 * those bytes escaped as `\\`, `\n`, `\r`. Other bytes (spaces, non-UTF-8) are written raw.
 */
export function sha256SumsLine(sha256: string, name: Buffer): Buffer {
  const needs = name.includes(0x5c) || name.includes(0x0a) || name.includes(0x0d);
  if (!needs) return Buffer.concat([Buffer.from(`${sha256}  `, 'latin1'), name, Buffer.from('\n')]);
  const out: number[] = [];
  for (const b of name) {
    if (b === 0x5c) out.push(0x5c, 0x5c);
    else if (b === 0x0a) out.push(0x5c, 0x6e);
    else if (b === 0x0d) out.push(0x5c, 0x72);
    else out.push(b);
  }
  return Buffer.concat([Buffer.from(`\\${sha256}  `, 'latin1'), Buffer.from(out), Buffer.from('\n')]);
}

/**
 * A whole SHA256SUMS file in ~1 MiB buffers, each name prefixed by `prefix` (e.g. "data/").
 * Names that are UTF-8 and need no escaping (nearly all) are joined as text; the rest go
 * through sha256SumsLine. Same bytes as one sha256SumsLine per file, much less garbage.
 */
export function* sha256SumsChunks(lines: Iterable<{ sha256: string; name: Buffer }>, prefix = ''): Generator<Buffer> {
  const pre = Buffer.from(prefix, 'utf8');
  let text = '';
  for (const { sha256, name } of lines) {
    if (isUtf8(name) && !name.includes(0x5c) && !name.includes(0x0a) && !name.includes(0x0d)) {
      text += `${sha256}  ${prefix}${name.toString('utf8')}\n`;
      if (text.length >= 1 << 20) {
        yield Buffer.from(text, 'utf8');
        text = '';
      }
      continue;
    }
    if (text) yield Buffer.from(text, 'utf8');
    text = '';
    yield sha256SumsLine(sha256, pre.length ? Buffer.concat([pre, name]) : name);
  }
  if (text) yield Buffer.from(text, 'utf8');
}

/** Parses a SHA256SUMS file (the escaped format included) into names as raw bytes. */
export function parseSha256Sums(data: Buffer): { sha256: string; name: Buffer }[] {
  const out: { sha256: string; name: Buffer }[] = [];
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    const line = data.subarray(start, end);
    start = end + 1;
    if (line.length === 0) continue;
    const escaped = line[0] === 0x5c;
    const body = escaped ? line.subarray(1) : line;
    const sha256 = body.subarray(0, 64).toString('latin1');
    // "  " for text mode, " *" for binary mode.
    let name = body.subarray(66);
    if (escaped) {
      const bytes: number[] = [];
      for (let i = 0; i < name.length; i += 1) {
        const b = name[i]!;
        if (b === 0x5c && i + 1 < name.length) {
          const n = name[i + 1]!;
          bytes.push(n === 0x6e ? 0x0a : n === 0x72 ? 0x0d : n);
          i += 1;
        } else bytes.push(b);
      }
      name = Buffer.from(bytes);
    }
    out.push({ sha256, name: Buffer.from(name) });
  }
  return out;
}
