import { jobs, mayRun, needsConfirmation, requiredRole, type JobName } from '@potion/jobs';
import { refuse } from './access.js';
import { confirms, type Confirmation } from './confirm-token.js';
import type { BotContext, BotDeps } from './context.js';

/**
 * What the gate in front of every dispatch decided:
 * - `go`: queue the job;
 * - `refused`: the user was told they may not (their id), and it was audited;
 * - `confirm`: the registry wants a confirmation and none was consumed for this job: ask first.
 */
export type GateVerdict = 'go' | 'refused' | 'confirm';

/** What the user tried, for actions.log: the button's data, the command, or the job (typed text). */
export function attemptOf(ctx: BotContext, name: JobName): string {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) return `button:${data.slice(0, 64)}`;
  const command = /^\/([A-Za-z0-9_]{1,32})/.exec(ctx.message?.text ?? '')?.[1];
  return command !== undefined ? `command:${command}` : name;
}

/**
 * The one place the bot applies the registry to a Telegram user: `access` (and `mutates`,
 * which is admin only) decides who may ask; `mutates` or `confirm` decides that the job is
 * queued only with a consumed confirmation token of this user for this very job and payload.
 * A menu cannot forget either: dispatch asks the gate before it queues anything.
 */
export async function gateJob(ctx: BotContext, deps: BotDeps, name: JobName, payload: unknown, confirmation?: Confirmation): Promise<GateVerdict> {
  if (!(await mayAsk(ctx, deps, name))) return 'refused';
  const def = jobs[name];
  if (needsConfirmation(def) && !confirms(confirmation, { userId: ctx.potion.userId, job: name, payload })) return 'confirm';
  return 'go';
}

/**
 * The access half of the gate, for a flow that reads or keeps state before it dispatches
 * (a running backup, an awaited typed time): refuses (audited) and returns false when the
 * user's role may not ask for `name`. dispatch checks again; an allowed user passes twice.
 */
export async function mayAsk(ctx: BotContext, deps: BotDeps, name: JobName): Promise<boolean> {
  const def = jobs[name];
  if (mayRun(def, ctx.potion.role)) return true;
  await refuse(ctx, deps, attemptOf(ctx, name), requiredRole(def));
  return false;
}
