import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipFile, matchLiteral, readDmesg, readTailLines, readUnitJournal } from '@potion/adapters';
import type { JobData } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';
import { formatDmesgLine, formatJournalLine, formatRuntimeLine } from './lines.js';
import { UserFacingError } from '../../runtime/errors.js';
import type { Handler } from '../types.js';
import { presentFile, presentSearch, presentTail } from './present.js';

/** Lines shown by Tail when the payload does not say. */
export const DEFAULT_TAIL = 50;
/** How far back a search looks, per source. */
export const SEARCH_WINDOW_LINES = 20_000;
/** Matches shown in the chat (the newest). */
export const SEARCH_SHOWN = 30;
/** Files larger than this are gzip-compressed before sending. */
export const COMPRESS_ABOVE_BYTES = 1024 * 1024;
/** Telegram bots may send documents up to 50 MB; stay well under it. */
const EXPORT_MAX_BYTES = 40 * 1024 * 1024;
const EXPORT_KEEP_MS = 24 * 3600_000;

type Source = JobData<'logs.tail'>['source'];
interface Line {
  raw: string;
  shown: string;
}

async function readSource(ctx: JobContext, source: Source, unit: string | undefined, maxLines: number): Promise<{ lines: Line[]; limited: boolean }> {
  const tz = ctx.config.timezone;
  if (source === 'runtime') {
    // Bounded read from the end: a search never loads more than 8 MB of a big runtime.log.
    const raw = await readTailLines(join(ctx.config.logDir, 'runtime.log'), maxLines, Math.min(maxLines * 2048, 8 * 1024 * 1024));
    return { lines: raw.map((r) => ({ raw: r, shown: formatRuntimeLine(r, tz) })), limited: false };
  }
  if (source === 'journal') {
    // The wrapper checked the unit against SERVICES_WHITELIST; the schema checked its shape.
    if (!unit) throw new UserFacingError('pilih dulu service yang mau dilihat log-nya');
    const r = await readUnitJournal(ctx.runner, unit, maxLines, { signal: ctx.signal });
    return { lines: r.lines.map((l) => ({ raw: l.raw, shown: formatJournalLine(l, tz) })), limited: r.limited };
  }
  const d = await readDmesg(ctx.runner, { signal: ctx.signal, maxOutputBytes: 16 * 1024 * 1024 });
  return { lines: d.slice(-maxLines).map((l) => ({ raw: l.raw, shown: formatDmesgLine(l) })), limited: false };
}

export const logsTail: Handler<'logs.tail'> = {
  run: async (data, ctx) => {
    const { lines, limited } = await readSource(ctx, data.source, data.unit, data.lines ?? DEFAULT_TAIL);
    return { source: data.source, unit: data.unit, lines: lines.map((l) => l.shown), limited };
  },
  present: presentTail,
};

export const logsSearch: Handler<'logs.search'> = {
  run: async (data, ctx) => {
    const { lines, limited } = await readSource(ctx, data.source, data.unit, SEARCH_WINDOW_LINES);
    // Literal, case-insensitive: the word is never a regex or shell text. Both the shown form
    // ("ERROR" for pino's level 50) and the raw line count; the word cannot hold a newline.
    const both = lines.map((l) => `${l.shown}\n${l.raw}`);
    const hits = new Set(matchLiteral(both, data.word));
    const matched = lines.filter((_, i) => hits.has(both[i]!));
    return {
      source: data.source,
      unit: data.unit,
      word: data.word,
      lines: matched.slice(-SEARCH_SHOWN).map((l) => l.shown),
      total: matched.length,
      scanned: lines.length,
      limited,
    };
  },
  present: presentSearch,
};

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 13);
}

export async function pruneExports(dir: string, now: number): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const p = join(dir, name);
    const s = await stat(p).catch(() => undefined);
    if (s && now - s.mtimeMs > EXPORT_KEEP_MS) await rm(p, { force: true });
  }
}

export const logsFile: Handler<'logs.file'> = {
  run: async (data, ctx) => {
    const dir = join(ctx.config.dataDir, 'exports');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await pruneExports(dir, ctx.now());
    const base = `${data.source === 'journal' ? (data.unit ?? 'unit').replace(/[^A-Za-z0-9_.@-]/g, '_') : data.source}-${stamp(ctx.now())}-${ctx.requestId}.log`;
    const plain = join(dir, base);
    if (data.source === 'runtime') {
      const src = join(ctx.config.logDir, 'runtime.log');
      const s = await stat(src).catch(() => undefined);
      if (!s) throw new UserFacingError('runtime.log belum ada, jadi belum ada yang bisa dikirim');
      if (s.size <= EXPORT_MAX_BYTES) await copyFile(src, plain);
      else await writeFile(plain, (await readTailLines(src, Number.MAX_SAFE_INTEGER, EXPORT_MAX_BYTES)).join('\n') + '\n', { mode: 0o600 });
    } else {
      const { lines } = await readSource(ctx, data.source, data.unit, 20_000);
      await writeFile(plain, lines.map((l) => l.raw).join('\n') + (lines.length ? '\n' : ''), { mode: 0o600 });
    }
    const originalBytes = (await stat(plain)).size;
    let path = plain;
    let bytes = originalBytes;
    const compressed = originalBytes > COMPRESS_ABOVE_BYTES;
    if (compressed) {
      path = `${plain}.gz`;
      bytes = await gzipFile(plain, path);
      await rm(plain, { force: true });
    }
    return { source: data.source, unit: data.unit, path, filename: path.slice(dir.length + 1), bytes, originalBytes, compressed, empty: originalBytes === 0 };
  },
  present: presentFile,
};
