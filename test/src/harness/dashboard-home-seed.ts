import { type BackupLastOk } from '@potion/jobs';
import { startAlertHarness, T0, type AlertHarness } from './alert-harness.js';

/** Not the default zone: the page must use TIMEZONE from the config. T0 (07:00 UTC) is 15:00 here. */
export const HOME_TZ = 'Asia/Makassar';
/** The hour of history the worker stores: a sample each minute from T0 to T0 + 60 min. */
export const HISTORY_MINUTES = 60;
/** CPU goes to 95% at minute 51, so the worker's CPU alert (5-minute window) fires at minute 56. */
export const CPU_HIGH_FROM_MIN = 51;
export const SERVICES = { 'n8n.service': 'failed failed', 'cloudflared.service': 'active running' };
export const BACKUP_SNAPSHOT = '2026-11-25_0700';

/**
 * A real worker (fake clock) that took a sample every minute for an hour through its own
 * health.sample job: the history, the latest sample with the services and an open CPU alert
 * are what the worker itself wrote. The last backup is written as the worker writes it.
 */
export async function seedHomeHarness(): Promise<AlertHarness> {
  const h = await startAlertHarness({ TIMEZONE: HOME_TZ, SERVICES_WHITELIST: Object.keys(SERVICES).join(',') });
  for (let m = 0; m <= HISTORY_MINUTES; m++) {
    const cpu = m >= CPU_HIGH_FROM_MIN ? 95 : 10 + (m % 10) * 3;
    await h.sampleAt(m * 60, { cpu, tempC: 48 + (m % 7), rootPct: 40 + m / 20, services: SERVICES });
  }
  const lastOk: BackupLastOk = {
    startedAt: T0 - 3 * 3_600_000,
    finishedAt: T0 - 3 * 3_600_000 + 90_000,
    result: {
      ran: true,
      snapshot: BACKUP_SNAPSHOT,
      trigger: 'scheduled',
      status: 'ok',
      previous: null,
      files: 1200,
      totalBytes: 3 * 1024 ** 3,
      newFiles: 10,
      changedFiles: 2,
      deletedFiles: 0,
      bytesWritten: 50 * 1024 ** 2,
      hashedBytes: 50 * 1024 ** 2,
      durationMs: 90_000,
      hddFreeBytes: 300 * 1024 ** 3,
      hddSizeBytes: 500 * 1024 ** 3,
      warnings: { vanished: [], failed: [] },
      pruned: [],
      resumed: false,
    },
  };
  await h.conn.set(h.app.deps.keys.backupLastOk, JSON.stringify(lastOk));
  return h;
}
