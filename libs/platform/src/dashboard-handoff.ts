/**
 * Messages between `npm start`'s listener (apps/cli/src/on-demand.ts) and the dashboard it
 * starts on the first connection (apps/dashboard/src/on-demand.ts): IPC message types, not
 * Redis keys. Here because both processes speak it and no app imports another.
 */
export const HANDOFF = {
  /** Env var set by the listener: take the listening socket over IPC instead of binding. */
  env: 'POTION_DASHBOARD_HANDOFF',
  /** dashboard -> listener: built and ready, send the socket. */
  ready: 'dashboard-handoff:ready',
  /** listener -> dashboard, with the listening server as the handle. */
  listener: 'dashboard-handoff:listener',
  /** listener -> dashboard, with one accepted connection (the ones that woke it up). */
  connection: 'dashboard-handoff:connection',
} as const;
