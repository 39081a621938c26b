import { z } from 'zod';
import { envVar, flag, int, type EnvOf } from './declare.js';

/** The Bull Board dashboard. */
export const dashboardVars = {
  DASHBOARD_HOST: envVar({
    schema: z.string().min(1),
    default: '127.0.0.1',
    description: 'The only address the dashboard listens on (127.0.0.1: this machine only).',
  }),
  DASHBOARD_PORT: envVar({ schema: int(0, 65535), default: '7070', fix: 'a port number such as 7070', description: 'The dashboard port.' }),
  DASHBOARD_PASSWORD: envVar({
    schema: z.string().min(12, 'must be at least 12 characters').optional(),
    fix: 'choose a longer password, or leave it empty to have one generated',
    secret: 'value',
    description: 'At least 12 characters; empty: one is generated on first start and kept in DATA_DIR.',
  }),
  DASHBOARD_ALLOW_ACTIONS: envVar({
    schema: flag,
    default: 'false',
    fix: 'true to allow retry/clean/promote buttons in Bull Board, false (default) for read-only',
    description: "true: Bull Board's retry/clean/promote buttons work; false: read-only.",
  }),
  DASHBOARD_IDLE_STOP_MIN: envVar({
    schema: z.coerce.number().min(0).max(1440),
    default: '15',
    fix: 'minutes without a request before a dashboard started on demand stops (default 15; 0: npm start runs it all the time)',
    description: 'Minutes without a request before a dashboard started on demand stops (0: always on).',
  }),
};

export function dashboardConfig(e: EnvOf<typeof dashboardVars>) {
  return {
    dashboard: {
      host: e.DASHBOARD_HOST,
      port: e.DASHBOARD_PORT,
      password: e.DASHBOARD_PASSWORD,
      /** Bull Board retry/clean/promote actions; false (default) keeps the board read-only. */
      allowActions: e.DASHBOARD_ALLOW_ACTIONS,
      /**
       * Minutes without a request after which a dashboard started on demand (by `npm start`'s
       * listener or a systemd socket) exits, to be started again by the next connection.
       * Default 15; 0: never, and `npm start` runs the dashboard all the time.
       */
      idleStopMin: e.DASHBOARD_IDLE_STOP_MIN,
    },
  };
}
