import { TUNABLES, tunablesOf, valueIn, type JobResult, type TunedConfig, type TuneGroup } from '@potion/jobs';
import { saveStateMirror } from '../../runtime/state-mirror.js';
import type { Handler } from '../types.js';
import { presentThresholds, presentTune } from './present-tune.js';

type Page = JobResult<'settings.thresholds'>;

/** A page of 📏 Ambang alert: each value of the group in force and its `.env` default. */
export function tunePageOf(group: TuneGroup, tuned: TunedConfig, base: TunedConfig): Page {
  return { group, values: tunablesOf(group).map((t) => ({ id: t.id, value: valueIn(t.id, tuned), default: valueIn(t.id, base) })) };
}

/** ⚙️ Settings → 📏 Ambang alert → a group (or one value of it, `focus`). */
export const settingsThresholds: Handler<'settings.thresholds'> = {
  run: async (d, ctx) => tunePageOf(d.group, await ctx.tuning.load(), ctx.config),
  present: presentThresholds,
};

/**
 * Sets one threshold or window (null: back to the `.env` default) after the admin's ✅.
 * Stored in keys.alertTuning and copied to DATA_DIR; the alert engine reads it before its
 * next evaluation, so it counts from the next sample on (decision 046). Audited by the job
 * wrapper with its payload (mutating job).
 */
export const settingsTune: Handler<'settings.tune'> = {
  run: async (d, ctx) => {
    const previous = valueIn(d.id, await ctx.tuning.load());
    const tuned = await ctx.tuning.change(d.id, d.value);
    await saveStateMirror(ctx);
    const value = valueIn(d.id, tuned);
    ctx.log.child({ module: 'worker:tuning' }).info({ id: d.id, previous, value, requestId: ctx.requestId }, 'alert threshold changed from the chat');
    return { id: d.id, value, previous, default: valueIn(d.id, ctx.config), page: tunePageOf(TUNABLES[d.id].group, tuned, ctx.config) };
  },
  present: presentTune,
  howToCheck: (d) => `buka ⚙️ Settings → 📏 Ambang alert dan lihat nilai ${TUNABLES[d.id].label}.`,
};
