import { CommandError, selfUpdateCheck, startSelfUpdate } from '@potion/adapters';
import { keys } from '@potion/jobs';
import type { Handler } from '../types.js';
import { selfUpdateErrorText } from './errors.js';
import { followSelfUpdate, markSelfUpdatePending } from './follow.js';
import { presentSelfUpdatePreview, presentSelfUpdateRun } from './present.js';
import { readSelfUpdateStatus, runInProgress } from './status.js';

/** What the user reads when root's `check` failed: the script's own last line, in the chat's words. */
function checkErrorText(err: unknown): string {
  if (!(err instanceof CommandError)) return err instanceof Error ? err.message : String(err);
  const last = err.stderrTail.trim().split('\n').pop() ?? '';
  return last ? selfUpdateErrorText(last) : `exit ${err.exitCode ?? '?'}`;
}

/** ⚙️ Settings → ⬆️ Update potion-runner: root fetches the checkout and lists the incoming commits. */
export const selfUpdatePreview: Handler<'selfupdate.preview'> = {
  run: async (_d, ctx) => {
    const busy = runInProgress(await readSelfUpdateStatus(ctx.config.selfUpdateDir), ctx.now());
    await ctx.progress(10, 'git fetch');
    try {
      const c = await selfUpdateCheck(ctx.runner, { signal: ctx.signal });
      return { running: c.running, upstream: c.upstream, total: c.total, commits: c.commits, busy };
    } catch (err) {
      ctx.log.warn({ module: 'worker:selfupdate', err }, 'self-update check failed');
      return { total: 0, commits: [], busy, error: checkErrorText(err) };
    }
  },
  present: presentSelfUpdatePreview,
};

/**
 * After YA: starts root's unit and returns at once. The unit restarts this worker; the outcome
 * reaches the chat from followSelfUpdate (this process, or the one the restart starts).
 */
export const selfUpdateRun: Handler<'selfupdate.run'> = {
  run: async (_d, ctx) => {
    if (runInProgress(await readSelfUpdateStatus(ctx.config.selfUpdateDir), ctx.now())) return { started: false };
    await markSelfUpdatePending(ctx, { ...(ctx.meta.chatId !== undefined ? { chatId: ctx.meta.chatId } : {}), requestId: ctx.requestId, startedAt: ctx.now() });
    try {
      await startSelfUpdate(ctx.runner, { signal: ctx.signal });
    } catch (err) {
      await ctx.redis.del(ctx.keys.selfUpdatePending);
      throw err;
    }
    followSelfUpdate(ctx);
    return { started: true };
  },
  present: presentSelfUpdateRun,
  howToCheck: () => 'cek: cat /opt/potion-runner/self-update/status dan journalctl -u potion-runner-selfupdate',
};
