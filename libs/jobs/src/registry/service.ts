import { z } from 'zod';
import { unreadParts } from '../parts.js';
import { unitName } from '../schemas.js';
import { defineJob } from './define.js';
import { serviceState } from './status.js';

const control = <V extends 'start' | 'stop' | 'restart'>(verb: V) =>
  defineJob({
    queue: 'once',
    data: z.object({ unit: unitName }).strict(),
    result: z.object({ unit: z.string(), action: z.literal(verb), state: serviceState, journal: z.array(z.string()) }),
    access: 'admin',
    mutates: true,
    unitField: 'unit',
    timeoutMs: 120_000,
    attempts: 1,
    audit: `${verb} a whitelisted service`,
  });

export const serviceJobs = {
  'service.list': defineJob({
    queue: 'read',
    data: z.object({}).strict(),
    /** With `unread`, `services` lists the whitelisted units with their state unknown. */
    result: z.object({ services: z.array(serviceState), unread: unreadParts }),
    access: 'viewer',
    mutates: false,
    timeoutMs: 20_000,
    attempts: 3,
    audit: 'list whitelisted services',
  }),
  'service.start': control('start'),
  'service.stop': control('stop'),
  'service.restart': control('restart'),
} as const;
