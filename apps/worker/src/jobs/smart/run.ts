import { CommandError, smartReport, type SmartHealth } from '@potion/adapters';
import { type JobResult, type SmartRecord } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';
import { userErrorText } from '../../runtime/outcome.js';
import { smartGrowthOf } from './growth.js';
import { presentCheck, smartAlertText } from './present.js';
import { tellAdmins } from '../../runtime/outbox.js';
import { storedSmart } from '../../host/smart-records.js';
import type { Handler } from '../types.js';

type Result = JobResult<'smart.check'>;

function toRecord(h: SmartHealth, at: number): SmartRecord {
  const r: SmartRecord = { at, device: h.device, model: h.model };
  if (h.passed !== undefined) r.passed = h.passed;
  for (const k of ['reallocatedSectors', 'pendingSectors', 'uncorrectableSectors', 'crcErrors', 'powerOnHours'] as const) {
    const v = h[k];
    if (v !== undefined) r[k] = v;
  }
  return r;
}

/**
 * The weekly SMART check: reads every disk smartctl finds, stores the predictive values
 * per disk (keys.smart) and, when one grew since the last check, alerts every admin.
 */
export const smartCheck: Handler<'smart.check'> = {
  run: async (_data, ctx: JobContext): Promise<Result> => {
    let report;
    try {
      report = await smartReport(ctx.runner, { signal: ctx.signal });
    } catch (err) {
      const state = err instanceof CommandError && err.command === 'sudo' ? 'no-permission' : 'error';
      ctx.log.warn({ module: 'worker:smart', err }, 'SMART check failed');
      return { state, disks: [], alerted: 0, note: userErrorText(err) };
    }
    if (!report.installed) return { state: 'not-installed', disks: [], alerted: 0 };
    const disks: Result['disks'] = [];
    let alerted = 0;
    for (const h of report.devices) {
      if (h.error) {
        ctx.log.warn({ module: 'worker:smart', device: h.device, error: h.error }, 'SMART unreadable for a disk');
        continue;
      }
      const record = toRecord(h, ctx.now());
      const prev = await storedSmart(ctx.redis, ctx.keys, h.device);
      const grown = smartGrowthOf(prev, record);
      // Alert first, then store: a retry after a crash still sees the growth (the alert id dedupes).
      if (grown.length) {
        const id = `smart-${h.device.replace(/[^A-Za-z0-9]/g, '')}.${ctx.jobId}`;
        await tellAdmins(ctx, { purpose: 'alert', id, text: smartAlertText(record, grown), kind: 'alert', requestId: ctx.requestId, source: 'smart', now: ctx.now() });
        alerted += ctx.config.adminIds.length;
      }
      await ctx.redis.set(ctx.keys.smart(h.device), JSON.stringify(record));
      disks.push({ record, grown, first: prev === undefined });
    }
    return { state: 'ok', disks, alerted };
  },
  present: presentCheck,
};
