import { DockerEngineError, dockerSocketPresent, inspectContainer, listContainers } from '@potion/adapters';
import type { JobResult, SampledContainer, SampledDocker } from '@potion/jobs';
import type { Deps } from '../runtime/context.js';
import { dockerWhy } from './docker-why.js';

export interface DockerSampleOptions {
  /** The Engine API socket (DOCKER_SOCKET). */
  socketPath: string;
  /** DOCKER_WHITELIST: only these are inspected. */
  whitelist: readonly string[];
  /** Per request. Default 3000: the sampler runs every 30 s. */
  timeoutMs?: number;
}

/**
 * The whitelisted containers' state, exit code and restart count, one inspect each over the
 * socket (no subprocess). Null when nothing is whitelisted. A socket that is gone (dockerd
 * stopped) or cannot be read gives `unread`: the alert rules then hold what is open, so a
 * daemon restart neither closes an alert nor sends "normal lagi".
 */
export async function sampleDocker(o: DockerSampleOptions): Promise<SampledDocker | null> {
  if (o.whitelist.length === 0) return null;
  const opts = { socketPath: o.socketPath, timeoutMs: o.timeoutMs ?? 3000 };
  try {
    const containers = await Promise.all(
      o.whitelist.map(async (name): Promise<SampledContainer> => {
        try {
          const c = await inspectContainer(name, opts);
          return { name, state: c.state, exitCode: c.exitCode, restartCount: c.restartCount };
        } catch (err) {
          if (err instanceof DockerEngineError && err.kind === 'not-found') return { name, state: 'missing', exitCode: 0, restartCount: 0 };
          throw err;
        }
      }),
    );
    return { containers };
  } catch (err) {
    return { containers: [], unread: dockerWhy(err) };
  }
}

/** Every container, or why they cannot be read; `present` false without a Docker socket. */
export async function readContainers(ctx: Pick<Deps, 'config' | 'log'> & { signal?: AbortSignal }): Promise<JobResult<'docker.list'>> {
  if (!(await dockerSocketPresent(ctx.config.dockerSocket))) return { present: false, containers: [] };
  try {
    const list = await listContainers({ socketPath: ctx.config.dockerSocket, timeoutMs: 5000, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    return { present: true, containers: list.map(({ name, image, state, status }) => ({ name, image, state, status })) };
  } catch (err) {
    ctx.log.warn({ module: 'worker:docker', err }, 'cannot list the containers');
    return { present: true, containers: [], unread: dockerWhy(err) };
  }
}
