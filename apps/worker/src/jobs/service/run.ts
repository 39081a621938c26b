import { controlUnit, CommandError, showUnits } from '@potion/adapters';
import { keys, type JobResult } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';
import { serviceIcon } from '../../runtime/format.js';
import { PART, readPart, unreadLine } from '../../runtime/parts.js';
import { UserFacingError } from '../../runtime/retry-policy.js';
import { saveStateMirror } from '../../runtime/state-mirror.js';
import type { Handler } from '../types.js';

const VERB_ID = { start: 'start', stop: 'stop', restart: 'restart' } as const;
const DONE_ID = { start: 'dinyalakan', stop: 'dimatikan', restart: 'di-restart' } as const;

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
        ctx.redis.set(keys.servicesChangedAt, String(ctx.now())).catch((err: unknown) => ctx.log.warn({ err }, 'could not mark the services as changed'));
      }
      const [state] = await showUnits(ctx.runner, [unit], { signal: ctx.signal });
      const s = state ?? { unit, active: 'unknown', sub: 'unknown', load: 'unknown', found: false };
      const shouldRun = verb !== 'stop';
      const bad = commandError !== undefined || (shouldRun ? s.active !== 'active' && s.active !== 'activating' : s.active === 'active');
      const journal = bad ? await journalTail(ctx, unit) : [];
      if (bad) {
        const why = commandError ? commandError.stderrTail.trim().split('\n').slice(-1)[0] ?? '' : '';
        throw new UserFacingError(
          `${unit} gagal ${DONE_ID[verb]}, statusnya sekarang "${s.active}/${s.sub}"${why ? ` (${why})` : ''}` +
            (journal.length ? `\nLog terakhir:\n${journal.join('\n')}` : ''),
        );
      }
      // A unit stopped on purpose from the bot raises no "service berhenti" alert.
      if (verb === 'stop') await ctx.redis.sadd(keys.servicesStopped, unit);
      else await ctx.redis.srem(keys.servicesStopped, unit);
      await saveStateMirror(ctx);
      return { unit, action: verb, state: { unit, active: s.active, sub: s.sub, found: s.found }, journal } as JobResult<`service.${V}`>;
    },
    present: (r) => ({ text: `${r.unit} sudah ${DONE_ID[verb]}. Status sekarang: ${serviceIcon(r.state.active, r.state.found)} ${r.state.active} (${r.state.sub})` }),
    howToCheck: (data) => `buka 🧰 Kontrol untuk melihat status ${data.unit}, atau jalankan \`systemctl status ${data.unit}\``,
  };
}

export const serviceStart = control('start');
export const serviceStop = control('stop');
export const serviceRestart = control('restart');

/** The Kontrol list: each unit with its state, or with ❔ and one line saying why none could be read. */
export function serviceListText(r: JobResult<'service.list'>): string {
  if (r.services.length === 0) return 'Belum ada service di SERVICES_WHITELIST. Tambahkan di file .env ya.';
  if (r.unread.length > 0) return ['🧩 Service yang dipantau:', ...r.services.map((s) => `❔ ${s.unit}`), ...r.unread.map(unreadLine)].join('\n');
  return `🧩 Service yang dipantau:\n${r.services.map((s) => `${serviceIcon(s.active, s.found)} ${s.unit}: ${s.found ? `${s.active} (${s.sub})` : 'tidak ditemukan'}`).join('\n')}`;
}

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
  present: (r) => ({ text: serviceListText(r), raw: true }),
};
