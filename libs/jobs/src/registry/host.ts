import { z } from 'zod';
import { defineJob } from './define.js';

const power = (action: 'reboot' | 'shutdown') =>
  defineJob({
    queue: 'once',
    data: z.object({}).strict(),
    result: z.object({ action: z.literal(action), requestedAt: z.number().int(), markerFile: z.string() }),
    access: 'admin',
    mutates: true,
    timeoutMs: 60_000,
    attempts: 1,
    audit: action === 'reboot' ? 'reboot the server' : 'shut the server down',
  });

export const hostJobs = {
  'host.reboot': power('reboot'),
  'host.shutdown': power('shutdown'),
} as const;
