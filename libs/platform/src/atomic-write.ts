import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of a newly created file. Default 0o644 less the umask. */
  mode?: number;
}

/**
 * Writes a whole file or nothing: the text goes to a temp file beside it, which is then
 * renamed over the old one, so a power cut leaves the old or the new file, never half of
 * one. When the write fails (a full disk: the temp file is created, its content is not),
 * the temp file is removed, so no empty `*.tmp` is left behind; the error is thrown.
 */
export async function writeFileAtomic(path: string, data: string, opts: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Unique per call: two writers at once never rename each other's half-written temp file.
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data, opts.mode !== undefined ? { mode: opts.mode } : {});
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}
