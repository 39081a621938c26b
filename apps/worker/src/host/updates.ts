import { readFile } from 'node:fs/promises';
import { aptSimulateUpgrade } from '@potion/adapters';
import { securityUpdates, type RebootRequired, type SecurityUpdates } from '@potion/jobs';
import type { Deps } from '../runtime/context.js';
import { classifyFailure } from '../runtime/retry-policy.js';

/** How often the pending security updates are counted (schedules.ts), besides after update.apt. */
export const SECURITY_COUNT_EVERY_MS = 3600_000;

/** Names kept with the count: enough for a line in Status, small in Redis. */
const NAMES_KEPT = 10;

/**
 * Counts the pending security updates with `apt-get -s dist-upgrade` (the package lists on
 * disk: no network, no root) and stores the record for 📊 Status and the digest. Never
 * throws: a count that fails is stored with why, so Status shows one "gak kebaca" line
 * instead of an old number.
 */
export async function countSecurityUpdates(deps: Deps, signal?: AbortSignal): Promise<SecurityUpdates> {
  let record: SecurityUpdates;
  try {
    const sim = await aptSimulateUpgrade(deps.runner, signal ? { signal } : {});
    const names = [...new Set(sim.security.map((p) => p.name))];
    record = { at: deps.now(), count: names.length, packages: names.slice(0, NAMES_KEPT) };
  } catch (err) {
    deps.log.warn({ module: 'worker:updates', err }, 'could not count the pending security updates');
    record = { at: deps.now(), packages: [], unread: classifyFailure(err).why };
  }
  await deps.redis.set(deps.keys.securityUpdates, JSON.stringify(record));
  return record;
}

/** The last stored count, or undefined when there is none (or it does not parse). */
export async function storedSecurityUpdates(deps: Pick<Deps, 'redis' | 'keys'>): Promise<SecurityUpdates | undefined> {
  const raw = await deps.redis.get(deps.keys.securityUpdates);
  if (!raw) return undefined;
  try {
    const r = securityUpdates.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Lines of a small text file, trimmed, empty ones and repeats dropped (the .pkgs file repeats names). */
const namesIn = (text: string) => [...new Set(text.split('\n').map((l) => l.trim()).filter(Boolean))];

/**
 * Whether apt (update-notifier-common, unattended-upgrades, a kernel package) asked for a
 * reboot: the marker file exists. Read on a press: one small file read (tmpfs, gone after the
 * reboot, so a stored copy would go stale). A missing `.pkgs` file is no error.
 */
export async function readRebootRequired(file: string): Promise<RebootRequired> {
  try {
    await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { required: false, packages: [] };
    throw err;
  }
  const pkgs = await readFile(`${file}.pkgs`, 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  });
  return { required: true, packages: namesIn(pkgs) };
}
