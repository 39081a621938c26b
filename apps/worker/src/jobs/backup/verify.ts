import { verifySnapshot } from '../../backup/verify.js';
import { findSnapshot } from './common.js';
import { presentVerify } from './present.js';
import type { Handler } from '../types.js';

const CAP = 200;

export const backupVerify: Handler<'backup.verify'> = {
  run: async (data, ctx) => {
    const snap = await findSnapshot(ctx.config.backupDir, data.snapshot);
    const r = await verifySnapshot({ path: snap.path, mode: data.mode, signal: ctx.signal, onProgress: (p, l) => ctx.progress(p, l), now: ctx.now });
    // For the daily digest: "backup terakhir ... terverifikasi".
    await ctx.redis.set(ctx.keys.backupLastVerify, JSON.stringify({ at: ctx.now(), snapshot: snap.name, mode: data.mode, ok: r.ok }));
    return {
      snapshot: snap.name,
      mode: data.mode,
      ok: r.ok,
      checkedFiles: r.checkedFiles,
      hashedFiles: r.hashedFiles,
      hashedBytes: r.hashedBytes,
      missing: r.missing.slice(0, CAP),
      changed: r.changed.slice(0, CAP),
      extra: r.extra.slice(0, CAP),
      counts: { missing: r.missing.length, changed: r.changed.length, extra: r.extra.length },
      durationMs: r.durationMs,
    };
  },
  present: presentVerify,
};
