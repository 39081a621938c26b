import { DockerEngineError } from '@potion/adapters';
import { userErrorText } from '../runtime/outcome.js';

/** Why Docker could not be read or did not do it, for the user (casual Indonesian). */
export function dockerWhy(err: unknown): string {
  if (!(err instanceof DockerEngineError)) return userErrorText(err);
  switch (err.kind) {
    case 'absent':
      return 'Docker gak ketemu di server ini (socket-nya gak ada)';
    case 'denied':
      return 'aku belum boleh akses Docker: user worker belum masuk grup docker (baca dulu docs/SECURITY.md)';
    case 'unreachable':
      return 'Docker gak bisa dihubungi (dockerd mati?)';
    case 'timeout':
      return 'Docker gak jawab dalam batas waktu';
    case 'not-found':
      return 'container-nya gak ada (sudah dihapus atau namanya beda)';
    case 'invalid':
      return 'jawaban Docker gak bisa dibaca (versi Docker-nya beda?)';
    case 'api':
      return `Docker menolak: ${err.message.replace(/^\S+ \S+: /, '').slice(0, 200)}`;
  }
}
