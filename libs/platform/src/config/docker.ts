import { z } from 'zod';
import { csv, envVar, type EnvOf } from './declare.js';

/** Docker's own rule for a container name (daemon/names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`), kept short for buttons. */
export const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

export const containerList = z.string().transform((s, ctx): readonly string[] => {
  const names = csv(s);
  const bad = names.filter((n) => !CONTAINER_NAME.test(n)).map((n) => `"${n}"`);
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `${bad.join(', ')} ${bad.length === 1 ? 'is not a container name' : 'are not container names'} (letters, digits, "_", "." and "-", at most 63)` });
    return z.NEVER;
  }
  return [...new Set(names)];
});

export const dockerVars = {
  DOCKER_WHITELIST: envVar({
    schema: containerList,
    default: '',
    fix: 'a comma-separated list of exact container names (as `docker ps` shows them), e.g. DOCKER_WHITELIST="nextcloud,pihole"',
    description: 'Containers the bot may start, stop and restart and that alert when they exit or restart in a loop (needs the worker user in the docker group).',
  }),
  DOCKER_SOCKET: envVar({
    schema: z.string().regex(/^\/\S+$/, 'must be an absolute path'),
    default: '/var/run/docker.sock',
    description: 'The Docker Engine API socket. Without it (no Docker) the containers are left out of Status and Kontrol.',
  }),
};

export function dockerConfig(e: EnvOf<typeof dockerVars>) {
  return {
    /** Containers that may be controlled and are watched, by exact name. */
    dockerWhitelist: e.DOCKER_WHITELIST,
    /** Path of the Engine API's unix socket. */
    dockerSocket: e.DOCKER_SOCKET,
  };
}
