import { duration, size } from '@potion/jobs';
import { CommandError, listRemotes, rcloneCheck, rcloneSync, remoteJoin, remoteName, type RcloneStats } from '@potion/adapters';
import type { JobResult } from '@potion/jobs';
import { verifySnapshot } from '../../backup/verify.js';
import { tellAdmins } from '../../runtime/outbox.js';
import type { JobContext } from '../../runtime/context.js';
import { userErrorText } from '../../runtime/outcome.js';
import { UserFacingError } from '../../runtime/errors.js';
import { classifyFailure } from '../../runtime/retry-policy.js';
import { pickVerifiedSnapshot } from '../../offsite/pick.js';
import { claimRunning, releaseRunning, renewRunning, RUNNING_TTL_MS, writeOffsiteLast } from '../../offsite/state.js';
import type { Handler } from '../types.js';
import { notConfiguredError, offsiteError } from './errors.js';
import { presentOffsite, scheduledOffsiteFailedText } from './present.js';

type Result = JobResult<'offsite.run'>;

/** The folder on the remote that mirrors the snapshot sent last. */
export const REMOTE_FOLDER = 'latest';

function statsLabel(s: RcloneStats): string {
  const eta = s.etaSec !== null && s.etaSec > 0 ? ` · sisa ~${duration(s.etaSec * 1000)}` : '';
  return `kirim off-site: ${size(s.bytes)} dari ${size(s.totalBytes)} · ${size(s.speed)}/s${eta}`;
}

async function copyOffsite(data: { trigger: 'manual' | 'scheduled' }, ctx: JobContext, remote: string): Promise<Result> {
  const { config } = ctx;
  const log = ctx.log.child({ module: 'worker:offsite' });
  const started = ctx.now();
  const configPath = config.offsite.rcloneConfig;
  const base = { configPath, signal: ctx.signal };
  const name = remoteName(remote);
  const remotes = await listRemotes(ctx.runner, { ...base, timeoutMs: 30_000 });
  const type = remotes.get(name);
  if (type === undefined) throw notConfiguredError(name, configPath);
  const crypt = type === 'crypt';

  await ctx.progress(1, 'memilih snapshot terbaru yang sudah terverifikasi');
  const picked = await pickVerifiedSnapshot(config.backupDir, async (s) => {
    await ctx.progress(2, `verifikasi dulu snapshot ${s.name}`);
    return (await verifySnapshot({ path: s.path, mode: 'quick', signal: ctx.signal, now: ctx.now })).ok;
  });
  if (!picked) {
    throw new UserFacingError('belum ada snapshot yang lolos verifikasi, jadi tidak ada yang aku kirim. Jalankan 💾 Backup → Backup now lalu 🔍 Verifikasi checksum dulu ya', { permanent: true, retryLater: false });
  }
  const target = remoteJoin(remote, REMOTE_FOLDER);
  log.info({ snapshot: picked.snap.name, target, crypt, attempt: ctx.attempt }, 'off-site copy starts');
  const stats = await rcloneSync(ctx.runner, picked.snap.path, target, {
    ...base,
    timeoutMs: 11 * 3600_000,
    statsSec: 2,
    ...(config.offsite.bwlimit ? { bwlimit: config.offsite.bwlimit } : {}),
    onStats: (s) => {
      const percent = s.totalBytes > 0 ? 5 + Math.round((s.bytes / s.totalBytes) * 85) : 50;
      void ctx.progress(percent, statsLabel(s)).catch((err: unknown) => log.debug({ err }, 'progress not sent'));
    },
  });
  await ctx.progress(92, 'rclone check: mencocokkan isi remote dengan snapshot');
  const check = await rcloneCheck(ctx.runner, picked.snap.path, target, { ...base, crypt, timeoutMs: 6 * 3600_000 });
  const result: Result = {
    target,
    snapshot: picked.snap.name,
    trigger: data.trigger,
    crypt,
    sentBytes: stats?.bytes ?? 0,
    sentFiles: stats?.transfers ?? 0,
    totalBytes: picked.snap.summary.totalBytes,
    files: picked.snap.summary.files,
    verifiedNow: picked.verifiedNow,
    skipped: picked.skipped,
    check: { matched: check.matched, differences: check.differences, missing: check.missing, matching: check.matching, sizeOnly: check.noHash || check.notHashed > 0, samples: check.samples },
    durationMs: ctx.now() - started,
  };
  if (!check.matched) {
    log.error({ check }, 'rclone check after the upload found differences');
    // Another sync sends what is missing or different: the queue retries it.
    throw new UserFacingError(`sudah dikirim, tapi rclone check menemukan ${check.differences} file beda (${check.samples.slice(0, 3).join('; ') || 'tanpa rincian'})`, { permanent: false });
  }
  log.info({ snapshot: result.snapshot, sentBytes: result.sentBytes, matching: check.matching, ms: result.durationMs }, 'off-site copy done');
  return result;
}

async function runOffsite(data: { trigger: 'manual' | 'scheduled' }, ctx: JobContext): Promise<Result> {
  const remote = ctx.config.offsite.remote;
  if (!remote) {
    throw new UserFacingError('salinan off-site belum diatur: isi OFFSITE_REMOTE di .env dengan remote dari `rclone config` (lihat panduan, bagian "Salinan off-site"), lalu restart', { permanent: true, retryLater: false });
  }
  if (!(await claimRunning(ctx.redis, ctx.keys, ctx.requestId))) throw new UserFacingError('salinan off-site lagi jalan ⏳ Tunggu selesai dulu ya, nanti hasilnya aku kabari', { permanent: true });
  // Renewed while this run lives (verify, sync and check may each take long); a dead worker's mark expires.
  const renew = setInterval(() => void renewRunning(ctx.redis, ctx.keys, ctx.requestId).catch(() => undefined), RUNNING_TTL_MS / 4);
  try {
    const result = await copyOffsite(data, ctx, remote);
    await writeOffsiteLast(ctx.redis, ctx.keys, { at: ctx.now(), ok: true, snapshot: result.snapshot, matched: result.check.matched });
    return result;
  } catch (raw) {
    const err = raw instanceof CommandError && raw.command === 'rclone' && raw.failure === 'not-found'
      ? new UserFacingError('rclone belum terpasang di server. Pasang dengan `sudo apt install rclone` (atau jalankan lagi installer-nya)', { permanent: true, retryLater: false })
      : offsiteError(raw, remoteName(remote), ctx.config.offsite.rcloneConfig);
    const permanent = classifyFailure(err).permanent;
    const why = userErrorText(err);
    if (permanent || ctx.finalAttempt) {
      await writeOffsiteLast(ctx.redis, ctx.keys, { at: ctx.now(), ok: false, error: why.slice(0, 200) });
      if (data.trigger === 'scheduled') await tellAdmins(ctx, { purpose: 'alert', id: `offsite-fail.${ctx.jobId}`, text: scheduledOffsiteFailedText(why, ctx.requestId), kind: 'alert', requestId: ctx.requestId, source: 'offsite', now: ctx.now() });
    } else {
      await ctx.progress(0, `gagal (${why.slice(0, 120)}), aku coba lagi otomatis sebentar lagi`).catch(() => undefined);
    }
    throw err;
  } finally {
    clearInterval(renew);
    await releaseRunning(ctx.redis, ctx.keys, ctx.requestId);
  }
}

export const offsiteRun: Handler<'offsite.run'> = {
  run: runOffsite,
  present: presentOffsite,
};
