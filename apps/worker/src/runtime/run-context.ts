import type { Deps, JobContext } from './context.js';
import type { JobDeadline } from './deadline.js';

/** A job's own fields of its context (the rest comes from the worker's dependencies). */
export type JobFields = Omit<JobContext, keyof Deps | 'signal'>;

/**
 * Makes the handlers' contexts of one processor: each holds only the job's own fields and
 * its deadline; the dependencies are read through its prototype, one object made once per
 * processor. Copying the dozen dependencies into every job's context (Object.assign, or a
 * spread, which V8 builds on a slow path) cost more than the rest of the wrapper for a short
 * read job. So pass the context itself to helpers: a spread copy (`{ ...ctx }`) has neither
 * the dependencies nor `signal` (a getter, read from the deadline when a handler asks).
 */
export function runContexts(deps: Deps): (deadline: JobDeadline, fields: JobFields) => JobContext {
  class RunContext {
    readonly #deadline: JobDeadline;
    constructor(deadline: JobDeadline, fields: JobFields) {
      this.#deadline = deadline;
      Object.assign(this, fields);
    }
    get signal(): AbortSignal {
      return this.#deadline.signal;
    }
  }
  // Once per processor, before any context exists: the dependencies sit below the getter,
  // live (the journal follower is set on deps after the workers start).
  Object.setPrototypeOf(RunContext.prototype, deps);
  return (deadline, fields) => new RunContext(deadline, fields) as unknown as JobContext;
}
