import type { JobDef } from './registry/define.js';

/** Who a Telegram user is to this server: ADMIN_IDS, VIEWER_IDS, or neither. */
export type Role = 'admin' | 'viewer' | 'stranger';

/** The two lists of the configuration (ADMIN_IDS, VIEWER_IDS). */
export interface RoleLists {
  adminIds: readonly number[];
  viewerIds: readonly number[];
}

/** The role of a Telegram user: an id in both lists is an admin. */
export function roleOf(config: RoleLists, userId: number): Role {
  if (config.adminIds.includes(userId)) return 'admin';
  if (config.viewerIds.includes(userId)) return 'viewer';
  return 'stranger';
}

/** The role a job asks for: a job that changes the host is for admins whatever its `access` says. */
export function requiredRole(def: Pick<JobDef, 'access' | 'mutates'>): 'admin' | 'viewer' {
  return def.mutates || def.access === 'admin' ? 'admin' : 'viewer';
}

/**
 * The one decision who may ask for a job from Telegram, used by the bot before it queues
 * anything and by the worker again before it runs the job (defence in depth).
 */
export function mayRun(def: Pick<JobDef, 'access' | 'mutates'>, role: Role): boolean {
  if (role === 'stranger') return false;
  return requiredRole(def) === 'viewer' || role === 'admin';
}

/** Whether the bot asks the user to confirm (✅ or a typed YA) before it queues the job. */
export function needsConfirmation(def: Pick<JobDef, 'mutates' | 'confirm'>): boolean {
  return def.mutates || def.confirm === true;
}
