import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * The last `maxLines` complete lines of a text file, reading at most `maxBytes` from its end
 * (a 10 MB runtime.log is never read whole). A missing file gives [].
 */
export async function readTailLines(path: string, maxLines: number, maxBytes = 1024 * 1024): Promise<string[]> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, maxBytes);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    // The first piece may be a partial line when we started mid-file.
    if (len < size) lines.shift();
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines.slice(-maxLines);
  } finally {
    await fh.close();
  }
}

/**
 * Lines that contain `word` literally, ignoring case. No regular expression and no shell is
 * involved, so `.*`, `$(reboot)`, `[` or `\` are just characters to look for.
 */
export function matchLiteral(lines: readonly string[], word: string): string[] {
  const needle = word.toLocaleLowerCase('en-US');
  if (!needle) return [];
  return lines.filter((l) => l.toLocaleLowerCase('en-US').includes(needle));
}

/** gzip `src` into `dest`; returns the size of the result in bytes. */
export async function gzipFile(src: string, dest: string): Promise<number> {
  await pipeline(createReadStream(src), createGzip({ level: 6 }), createWriteStream(dest, { mode: 0o600 }));
  return (await stat(dest)).size;
}
