import { z } from 'zod';
import { logSource, searchWord, unitName } from '../schemas.js';
import { defineJob } from './define.js';

/** The unit is required for the journal and refused for the other sources. */
const unitMatchesSource = (d: { source: string; unit?: string | undefined }) => (d.source === 'journal') === (d.unit !== undefined);
const unitRule = { message: 'a unit is needed for source "journal" and only there', path: ['unit'] };

const logLines = z.object({
  source: logSource,
  unit: z.string().optional(),
  lines: z.array(z.string()),
  /** journalctl hid system messages: the service user is not in systemd-journal. */
  limited: z.boolean(),
});

const logsJob = <D extends z.ZodType, R extends z.ZodType>(data: D, result: R, audit: string, access: 'viewer' | 'admin' = 'viewer') =>
  defineJob({ queue: 'read', data, result, access, mutates: false, unitField: 'unit', unitOptional: true, timeoutMs: 60_000, attempts: 2, audit });

export const logsJobs = {
  'logs.tail': logsJob(
    z.object({ source: logSource, unit: unitName.optional(), lines: z.number().int().min(1).max(200).optional() }).strict().refine(unitMatchesSource, unitRule),
    logLines,
    'show the last log lines',
  ),
  'logs.search': logsJob(
    z.object({ source: logSource, unit: unitName.optional(), word: searchWord }).strict().refine(unitMatchesSource, unitRule),
    logLines.extend({ word: z.string(), scanned: z.number().int(), total: z.number().int() }),
    'search the logs for a word',
  ),
  'logs.file': logsJob(
    z.object({ source: logSource, unit: unitName.optional() }).strict().refine(unitMatchesSource, unitRule),
    z.object({
      source: logSource,
      unit: z.string().optional(),
      path: z.string(),
      filename: z.string(),
      bytes: z.number().int(),
      originalBytes: z.number().int(),
      compressed: z.boolean(),
      empty: z.boolean(),
    }),
    'send a log file',
    'admin',
  ),
} as const;
