import { controlUnit, CommandError, showUnits } from '@potion/adapters';
import { type JobResult } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';
import { PART, readPart } from '../../runtime/parts.js';
import { UserFacingError } from '../../runtime/errors.js';
import { saveStateMirror } from '../../runtime/state-mirror.js';
import type { Handler } from '../types.js';
import { controlFailedText, controlHowToCheck, presentControl, presentList } from './present.js';

const VERB_ID = { start: 'start', stop: 'stop', restart: 'restart' } as const;

async function journalTail(ctx: JobContext, unit: string, lines = 10): Promise<string[]> {
  try {
    const r = await ctx.runner('journalctl', ['-u', unit, '-n', String(lines), '--no-pager', '-o', 'cat'], { signal: ctx.signal, timeoutMs: 10_000 });
    return r.stdout.split('\n').filter((l) => l.trim()).slice(-lines);
  } catch {
    return [];
  }
}

function control<V extends 'start' | 'stop' | 'restart'>(verb: V): Handler<`service.${V}`> {
  return {
    run: async (data, ctx) => {
      const unit = data.unit;
      let commandError: CommandError | undefined;
      try {
        await controlUnit(ctx.runner, VERB_ID[verb], unit, { signal: ctx.signal });
      } catch (err) {
        if (!(err instanceof CommandError) || err.command === 'sudo' && /password is required/i.test(err.stderrTail)) throw err;
        commandError = err;
      } finally {
        // 📊 Status shows the units from the newest sample: one taken before now is out of date.
        // Not awaited: while Redis is away the job goes on (a lost hint only means Status
        // shows the sampler's view for up to a minute).
        ctx.redis.set(ctx.keys.servicesChangedAt, String(ctx.now())).catch((err: unknown) => ctx.log.warn({ err }, 'could not mark the services as changed'));
      }
      const [state] = await showUnits(ctx.runner, [unit], { signal: ctx.signal });
      const s = state ?? { unit, active: 'unknown', sub: 'unknown', load: 'unknown', found: false };
      const shouldRun = verb !== 'stop';
      const bad = commandError !== undefined || (shouldRun ? s.active !== 'active' && s.active !== 'activating' : s.active === 'active');
      const journal = bad ? await journalTail(ctx, unit) : [];
      if (bad) {
        const why = commandError ? commandError.stderrTail.trim().split('\n').slice(-1)[0] ?? '' : '';
        throw new UserFacingError(controlFailedText({ unit, verb, active: s.active, sub: s.sub, why, journal }));
      }
      // A unit stopped on purpose from the bot raises no "service berhenti" alert.
      if (verb === 'stop') await ctx.redis.sadd(ctx.keys.servicesStopped, unit);
      else await ctx.redis.srem(ctx.keys.servicesStopped, unit);
      await saveStateMirror(ctx);
      return { unit, action: verb, state: { unit, active: s.active, sub: s.sub, found: s.found }, journal } as JobResult<`service.${V}`>;
    },
    present: presentControl(verb),
    howToCheck: controlHowToCheck,
  };
}

export const serviceStart = control('start');
export const serviceStop = control('stop');
export const serviceRestart = control('restart');

export const serviceList: Handler<'service.list'> = {
  run: async (_d, ctx) => {
    const units = await readPart(PART.services, () => showUnits(ctx.runner, ctx.config.servicesWhitelist, { signal: ctx.signal }), ctx.log);
    if (!units.ok) {
      // The whitelist is still known: each unit is named (its buttons stay usable), state unknown.
      const services = ctx.config.servicesWhitelist.map((unit) => ({ unit, active: 'unknown', sub: 'unknown', found: true }));
      return { services, unread: [units.unread] };
    }
    return { services: units.value.map(({ unit, active, sub, found }) => ({ unit, active, sub, found })), unread: [] };
  },
  present: presentList,
};
