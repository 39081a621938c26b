import { texts, type JobData, type Text } from '@potion/jobs';
import { listSnapshots } from '../../backup/layout.js';
import { clearRunning } from '../../backup/state.js';
import type { InterruptedInfo } from '../types.js';
import { tellAdmins } from '../../runtime/outbox.js';
import { interruptedTexts } from './present.js';

const code = (info: InterruptedInfo) => texts.requestCode(info.meta.requestId);

/**
 * A backup whose worker died twice (the run and its resume: the backup queue allows one
 * stall). What was copied stays as the partial that the next backup resumes; older
 * snapshots are untouched. Clears the dead run's running mark; a scheduled backup alerts
 * every admin as a failed one does.
 */
export async function backupInterrupted(data: JobData<'backup.run'>, info: InterruptedInfo): Promise<Text> {
  await clearRunning(info.redis, info.keys, info.meta.requestId);
  const text = interruptedTexts.backup(code(info));
  if (data.trigger !== 'manual') {
    const requestId = info.meta.requestId;
    await tellAdmins(info, { purpose: 'alert', id: `backup-fail.${info.jobId}`, text: interruptedTexts.scheduledBackup(text), kind: 'alert', requestId, source: 'backup', now: info.now() });
  }
  return text;
}

/**
 * A restore whose worker died. The run first writes the safety snapshot (the current state),
 * then stops services and copies: a complete safety snapshot made by this request (its summary
 * names the request) means files may
 * be half restored; none means nothing was touched yet (a cut during the safety snapshot
 * leaves only a `.partial-*`, which the next backup resumes).
 */
export async function restoreInterrupted(data: JobData<'backup.restore'>, info: InterruptedInfo): Promise<Text> {
  await clearRunning(info.redis, info.keys, info.meta.requestId);
  const snaps = await listSnapshots(info.config.backupDir).catch(() => undefined);
  const at = { snapshot: data.snapshot, ...(data.path ? { path: data.path } : {}), code: code(info) };
  if (!snaps) return interruptedTexts.restoreHddUnreadable({ ...at, hddMount: info.config.hddMount });
  const safety = snaps.find((s) => s.summary.trigger === 'safety' && s.summary.requestId === info.meta.requestId);
  if (!safety) return interruptedTexts.restoreBeforeSafety(at);
  return interruptedTexts.restoreHalfDone({ ...at, safety: safety.name, stoppedUnits: data.stopServices ? (data.services ?? info.config.backup.stopServices) : [] });
}
