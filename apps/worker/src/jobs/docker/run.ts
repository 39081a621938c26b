import { containerLogs, controlContainer, DockerEngineError, inspectContainer, type DockerEngineOptions } from '@potion/adapters';
import { type JobResult } from '@potion/jobs';
import type { JobContext } from '../../runtime/context.js';
import { UserFacingError } from '../../runtime/errors.js';
import { saveStateMirror } from '../../runtime/state-mirror.js';
import { dockerWhy } from '../../host/docker-why.js';
import { readContainers } from '../../host/docker-sample.js';
import type { Handler } from '../types.js';
import { controlFailedText, controlHowToCheck, presentControl, presentList, presentLogs } from './present.js';

const engine = (ctx: JobContext): DockerEngineOptions => ({ socketPath: ctx.config.dockerSocket, signal: ctx.signal });

/** A refusal or failure of the engine becomes the user's sentence; anything else stays as is (retried). */
function userFacing(err: unknown, what: string): unknown {
  return err instanceof DockerEngineError && err.kind !== 'timeout' && err.kind !== 'unreachable' ? new UserFacingError(`${what}: ${dockerWhy(err)}`) : err;
}

export const dockerList: Handler<'docker.list'> = { run: (_d, ctx) => readContainers(ctx), present: presentList };

export const dockerLogs: Handler<'docker.logs'> = {
  run: async (data, ctx) => {
    try {
      return { container: data.container, lines: await containerLogs(data.container, data.lines ?? 50, engine(ctx)) };
    } catch (err) {
      throw userFacing(err, `Log container ${data.container} gak bisa dibaca`);
    }
  },
  present: presentLogs,
};

async function logsTail(ctx: JobContext, name: string): Promise<string[]> {
  try {
    return await containerLogs(name, 10, { ...engine(ctx), timeoutMs: 5000 });
  } catch {
    return [];
  }
}

function control<V extends 'start' | 'stop' | 'restart'>(verb: V): Handler<`docker.${V}`> {
  return {
    run: async (data, ctx) => {
      const name = data.container;
      let changed: boolean;
      try {
        ({ changed } = await controlContainer(verb, name, engine(ctx)));
      } catch (err) {
        throw userFacing(err, `Container ${name} gagal di-${verb}`);
      }
      const c = await inspectContainer(name, engine(ctx));
      const ok = verb === 'stop' ? c.state === 'exited' || c.state === 'dead' || c.state === 'created' : c.state === 'running';
      if (!ok) throw new UserFacingError(controlFailedText({ container: name, verb, state: c.state, exitCode: c.exitCode, logs: await logsTail(ctx, name) }));
      // A container stopped on purpose from the bot raises no "container berhenti" alert.
      if (verb === 'stop') await ctx.redis.sadd(ctx.keys.dockerStopped, name);
      else await ctx.redis.srem(ctx.keys.dockerStopped, name);
      await saveStateMirror(ctx);
      return { container: name, action: verb, changed, state: c.state, exitCode: c.exitCode, restartCount: c.restartCount } as JobResult<`docker.${V}`>;
    },
    present: presentControl(verb),
    howToCheck: controlHowToCheck,
  };
}

export const dockerStart = control('start');
export const dockerStop = control('stop');
export const dockerRestart = control('restart');
