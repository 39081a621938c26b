import { size, BROWSE_PAGE_SIZE, BROWSE_TTL_SEC, SEND_FILE_MAX_BYTES, type BrowseRecord } from '@potion/jobs';
import { copyFile, lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { browsableSources, browseManifest, snapshotManifest } from '../../backup/browse.js';
import { DATA_DIR } from '../../backup/layout.js';
import { UserFacingError } from '../../runtime/errors.js';
import { pruneExports } from '../logs/run.js';
import { checkRestore } from './restore.js';
import { askedBy, newToken } from './restore-plan.js';
import { presentBrowse, presentSendFile } from './present-browse.js';
import type { Handler } from '../types.js';

/**
 * One page of a snapshot (its manifest, not the HDD's folders): the top, a folder or a file.
 * The path is checked like a restore's (restore-guard: inside the sources configured now).
 * The page's paths go into Redis under a token; its buttons carry the token and an index.
 */
export const backupBrowse: Handler<'backup.browse'> = {
  run: async (data, ctx) => {
    const { snap, allowed } = await checkRestore(ctx, data.snapshot, data.path);
    const listing = browseManifest(await snapshotManifest(snap), browsableSources(snap, allowed.sources), data.path);
    const pages = Math.max(1, Math.ceil(listing.entries.length / BROWSE_PAGE_SIZE));
    const page = Math.min(data.page, pages - 1);
    const entries = listing.entries.slice(page * BROWSE_PAGE_SIZE, (page + 1) * BROWSE_PAGE_SIZE);
    const token = newToken();
    const record: BrowseRecord = {
      snapshot: snap.name,
      path: data.path ?? null,
      kind: listing.kind,
      ...(listing.parent !== undefined ? { parent: listing.parent } : {}),
      page,
      entries: entries.map((e) => e.path),
      sendable: listing.file?.kind === 'file' && listing.file.bytes <= SEND_FILE_MAX_BYTES,
      userId: askedBy(ctx),
    };
    await ctx.redis.set(ctx.keys.backupBrowse(token), JSON.stringify(record), 'EX', BROWSE_TTL_SEC);
    return {
      snapshot: snap.name,
      path: data.path ?? null,
      kind: listing.kind,
      entries,
      page,
      pages,
      total: listing.entries.length,
      ...(listing.file ? { file: listing.file } : {}),
      hasParent: listing.parent !== undefined,
      token,
    };
  },
  present: presentBrowse,
};

/** A file of a snapshot (at most SEND_FILE_MAX_BYTES) copied to DATA_DIR/exports and sent as a document. */
export const backupSendFile: Handler<'backup.sendFile'> = {
  run: async (data, ctx) => {
    const { snap } = await checkRestore(ctx, data.snapshot, data.path);
    const inSnap = join(snap.path, DATA_DIR, data.path);
    const st = await lstat(inSnap).catch(() => undefined);
    if (!st?.isFile()) throw new UserFacingError(`${data.path} bukan file biasa di snapshot ${snap.name}, jadi tidak bisa dikirim.`);
    if (st.size > SEND_FILE_MAX_BYTES) {
      throw new UserFacingError(`${data.path} terlalu besar untuk dikirim ke chat (${size(st.size)}, batasnya ${size(SEND_FILE_MAX_BYTES)}). Pakai ♻️ Restore file ini saja.`);
    }
    const dir = join(ctx.config.dataDir, 'exports');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await pruneExports(dir, ctx.now());
    const filename = data.path.slice(data.path.lastIndexOf('/') + 1);
    const out = join(dir, `${ctx.requestId}-${filename}`.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 200));
    await copyFile(inSnap, out);
    return { snapshot: snap.name, path: data.path, bytes: st.size, export: out, filename };
  },
  present: presentSendFile,
};
