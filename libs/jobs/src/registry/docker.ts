import { CONTAINER_NAME } from '@potion/platform';
import { z } from 'zod';
import { defineJob } from './define.js';

/** Docker's container name rule, as DOCKER_WHITELIST declares it, re-checked on every payload. */
export const containerName = z.string().regex(CONTAINER_NAME, 'not a container name');

/** A container as the Engine API lists it (libs/adapters docker-engine.ts). */
export const containerInfo = z.object({
  name: z.string(),
  image: z.string(),
  /** Engine state: created, running, paused, restarting, removing, exited, dead. */
  state: z.string(),
  /** The engine's own words ("Up 3 hours", "Exited (1) 2 minutes ago"). */
  status: z.string(),
});

const controlled = z.object({
  container: z.string(),
  state: z.string(),
  exitCode: z.number().int(),
  restartCount: z.number().int().nonnegative(),
});

const control = <V extends 'start' | 'stop' | 'restart'>(verb: V) =>
  defineJob({
    queue: 'once',
    data: z.object({ container: containerName }).strict(),
    /** `changed` false: it already was as asked (the engine answered 304). */
    result: controlled.extend({ action: z.literal(verb), changed: z.boolean() }),
    access: 'admin',
    mutates: true,
    containerField: 'container',
    timeoutMs: 60_000,
    attempts: 1,
    audit: `${verb} a whitelisted container`,
  });

export const dockerJobs = {
  'docker.list': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    /**
     * `present` false: no Docker socket on this host. `unread`: the socket is there but could
     * not be read (the worker user is not in the docker group, the engine does not answer).
     */
    result: z.object({ present: z.boolean(), containers: z.array(containerInfo), unread: z.string().optional() }),
    access: 'viewer',
    mutates: false,
    timeoutMs: 20_000,
    attempts: 2,
    audit: 'list the Docker containers',
  }),
  'docker.logs': defineJob({
    queue: 'read',
    data: z.object({ container: containerName, lines: z.number().int().min(1).max(200).optional() }).strict(),
    result: z.object({ container: z.string(), lines: z.array(z.string()) }),
    access: 'admin',
    mutates: false,
    containerField: 'container',
    timeoutMs: 20_000,
    attempts: 2,
    audit: 'show the last log lines of a whitelisted container',
  }),
  'docker.start': control('start'),
  'docker.stop': control('stop'),
  'docker.restart': control('restart'),
} as const;
