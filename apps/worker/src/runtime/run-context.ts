import type { Deps, JobContext } from './context.js';
import type { JobDeadline } from './deadline.js';

/** Holds the job's deadline; `signal` is read from it when a handler asks (see JobDeadline). */
class DeadlineHolder {
  readonly #deadline: JobDeadline;
  constructor(deadline: JobDeadline) {
    this.#deadline = deadline;
  }
  get signal(): AbortSignal {
    return this.#deadline.signal;
  }
}

/**
 * A handler's context: the dependencies, the job's fields and its signal. Built with
 * Object.assign on an instance, not as `{ ...deps, ... }`: V8 builds an object literal that
 * spreads and then adds properties (or holds a getter) on a slow path, ~5 µs per job on the
 * read path, more than the rest of the wrapper. `signal` is a getter on the prototype, so pass
 * the context itself to helpers: a spread copy (`{ ...ctx }`) has no signal.
 */
export function runContext(deps: Deps, deadline: JobDeadline, fields: Omit<JobContext, keyof Deps | 'signal'>): JobContext {
  return Object.assign(new DeadlineHolder(deadline), deps, fields);
}
