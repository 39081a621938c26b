import { RcloneError } from '@potion/adapters';
import { UserFacingError } from '../../runtime/errors.js';

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The remote named in OFFSITE_REMOTE is not in rclone.conf (or the file is missing): retrying will not help. */
export function notConfiguredError(remote: string, configPath: string): UserFacingError {
  return new UserFacingError(
    `remote "${remote}" belum ada di ${configPath}. Jalankan \`rclone config\` sebagai user service (lihat panduan, bagian "Salinan off-site"), atau betulkan OFFSITE_REMOTE di .env`,
    { permanent: true, retryLater: false },
  );
}

/**
 * An rclone failure as the user reads it. A missing remote, a refused login or a locked
 * config file is permanent (not retried); anything else (network, a server that went away
 * mid-upload) is retried by the queue with its backoff.
 */
export function offsiteError(err: unknown, remote: string, configPath: string): unknown {
  if (!(err instanceof RcloneError)) return err;
  const last = clip(err.messages.at(-1) ?? err.commandError.message, 160);
  switch (err.problem) {
    case 'not-configured':
      return notConfiguredError(remote, configPath);
    case 'auth':
      return new UserFacingError(
        `login ke remote "${remote}" ditolak (password/token salah atau kedaluwarsa). Perbaiki dengan \`rclone config reconnect ${remote}:\` atau \`rclone config\` sebagai user service. Detail: ${last}`,
        { permanent: true, retryLater: false },
      );
    case 'config-locked':
      return new UserFacingError(`${configPath} dikunci password, jadi worker tidak bisa membacanya. Buka \`rclone config\` dan hapus password konfigurasinya (s → Set configuration password), lalu coba lagi`, { permanent: true, retryLater: false });
    default:
      return new UserFacingError(`rclone gagal: ${last}`, { permanent: false });
  }
}
