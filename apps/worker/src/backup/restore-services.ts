import { CommandError, controlUnit, showUnits, unitPaths, type Runner } from '@potion/adapters';
import { UserFacingError } from '../runtime/errors.js';
import { inside } from './restore-guard.js';

/** The last line of a command's complaint, for the chat. */
const short = (err: unknown): string => (err instanceof CommandError && err.stderrTail.trim() ? err.stderrTail : err instanceof Error ? err.message : String(err)).split('\n').map((l) => l.trim()).filter(Boolean).slice(-1)[0]?.slice(0, 200) ?? '?';

/** Paths that say nothing about where a unit's files are ("/" would match every restore). */
const tooWide = (p: string): boolean => p === '/';

export interface FindOptions {
  runner: Runner;
  /** SERVICES_WHITELIST: only these units are ever stopped. */
  whitelist: readonly string[];
  /** BACKUP_STOP_SERVICES: stopped during every restore. */
  always: readonly string[];
  /** BACKUP_SERVICE_PATHS: extra folders per unit. */
  servicePaths?: readonly { unit: string; path: string }[];
  /** The absolute paths the restore writes (restore-guard's plan). */
  targets: readonly string[];
  signal?: AbortSignal;
}

/**
 * The whitelisted units a restore must stop: BACKUP_STOP_SERVICES, plus every unit whose
 * WorkingDirectory, ReadWritePaths, ExecStart binary or BACKUP_SERVICE_PATHS folder lies
 * under a target or holds one (restoring one file of n8n's folder stops n8n too). The app's
 * own units (potion-runner*) are never stopped: the worker doing the restore is one of them.
 * In whitelist order.
 */
export async function servicesForRestore(o: FindOptions): Promise<string[]> {
  const candidates = o.whitelist.filter((u) => !u.startsWith('potion-runner'));
  if (candidates.length === 0) return [];
  const found = await unitPaths(o.runner, candidates, o.signal ? { signal: o.signal } : {}).catch((err: unknown) => {
    // Without knowing whose files these are, a restore could overwrite a running service's files.
    throw new UserFacingError(
      `Restore aku batalkan ❌: aku tidak bisa membaca service mana yang memakai file ini (${short(err)}), jadi tidak ada yang aku timpa.\n` +
        'Cara beresin: cek `systemctl status` jalan normal di server ini, lalu coba lagi.',
    );
  });
  const hit = new Set(o.always.filter((u) => candidates.includes(u)));
  for (const u of found) {
    const paths = [...(u.workingDirectory ? [u.workingDirectory] : []), ...u.readWritePaths, ...u.execPaths, ...(o.servicePaths ?? []).filter((x) => x.unit === u.unit).map((x) => x.path)];
    if (paths.some((p) => !tooWide(p) && o.targets.some((t) => inside(p, t) || inside(t, p)))) hit.add(u.unit);
  }
  return candidates.filter((u) => hit.has(u));
}

const running = (active: string): boolean => active === 'active' || active === 'activating' || active === 'reloading';

/** The units of `units` that run now (a plan lists only what the restore would stop). */
export async function runningUnits(runner: Runner, units: readonly string[], signal?: AbortSignal): Promise<string[]> {
  const states = await showUnits(runner, units, signal ? { signal } : {});
  return states.filter((s) => running(s.active)).map((s) => s.unit);
}

export interface ServiceOutcome {
  unit: string;
  /** Was running and was stopped for the restore. */
  stopped: boolean;
  /** Running again after the restore (or never stopped). */
  started: boolean;
  /** ActiveState after the restore: active, failed, inactive... */
  state: string;
}


/**
 * Stops the units that run, in order. A stop that fails starts again the ones already stopped
 * and throws (nothing has been written yet): the restore is called off.
 */
export async function stopForRestore(runner: Runner, units: readonly string[], signal?: AbortSignal): Promise<string[]> {
  const states = await showUnits(runner, units, signal ? { signal } : {});
  const stopped: string[] = [];
  for (const s of states) {
    if (!running(s.active)) continue;
    try {
      await controlUnit(runner, 'stop', s.unit, signal ? { signal } : {});
    } catch (err) {
      const again = await startAfterRestore(runner, stopped);
      const back = again.filter((x) => x.started).map((x) => x.unit);
      const down = again.filter((x) => !x.started).map((x) => x.unit);
      throw new UserFacingError(
        `Restore aku batalkan ❌: ${s.unit} gagal dihentikan (${short(err)}), jadi belum ada file yang aku timpa.` +
          (back.length ? `\nService yang sempat aku hentikan sudah nyala lagi: ${back.join(', ')}.` : '') +
          (down.length ? `\n⚠️ Gagal dinyalakan lagi: ${down.join(', ')} — cek di 🧰 Kontrol.` : '') +
          `\nCara beresin: cek aturan sudo (\`sudo -l\`) dan \`systemctl status ${s.unit}\`, lalu coba restore lagi.`,
        { permanent: true, retryLater: false },
      );
    }
    stopped.push(s.unit);
  }
  return stopped;
}

/** Starts the units again and reads their state (active / failed) for the result. */
export async function startAfterRestore(runner: Runner, units: readonly string[]): Promise<ServiceOutcome[]> {
  const out: ServiceOutcome[] = [];
  for (const unit of units) {
    const started = await controlUnit(runner, 'start', unit).then(
      () => true,
      () => false,
    );
    out.push({ unit, stopped: true, started, state: started ? 'active' : 'failed' });
  }
  const states = await showUnits(runner, units).catch(() => undefined);
  for (const o of out) {
    const s = states?.find((x) => x.unit === o.unit);
    if (s && s.active !== 'unknown') o.state = s.active;
    o.started = o.state === 'active' || o.state === 'activating';
  }
  return out;
}
