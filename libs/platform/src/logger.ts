import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import type { LogFileErrors } from './log-file-errors.js';

export type { Logger } from 'pino';

/**
 * Anything shaped like a Telegram bot token, wherever it appears in a line (URLs included),
 * with its colon as is, percent-encoded (`%3A`, `%3a`) or encoded twice (`%253A`).
 */
const TOKEN_PATTERN = /\d{5,16}(?::|%3a|%253a)[A-Za-z0-9_-]{30,}/gi;
/** The secret half of a known token (after `id:`) is scrubbed on its own when this long. */
const MIN_SECRET_HALF = 20;

/** The forms a known secret can take in a line: as is, percent-encoded (either hex case), JSON-escaped, and a token's secret half alone. */
function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const encoded = encodeURIComponent(secret);
  forms.add(encoded);
  forms.add(encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  forms.add(encodeURIComponent(encoded));
  forms.add(JSON.stringify(secret).slice(1, -1));
  const half = /^\d{5,16}:([A-Za-z0-9_-]+)$/.exec(secret)?.[1];
  if (half !== undefined && half.length >= MIN_SECRET_HALF) forms.add(half);
  // Longest first, so a form containing another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Replaces token-shaped text by `[redacted-token]` and each known secret (bot token,
 * dashboard password; 8 characters or more) in any of its forms by `[redacted]`.
 */
export function scrubSecrets(line: string, secrets: readonly string[] = []): string {
  let out = line.replace(TOKEN_PATTERN, '[redacted-token]');
  for (const s of secrets) {
    if (s.length < 8) continue;
    for (const form of secretForms(s)) out = out.split(form).join('[redacted]');
  }
  return out;
}

export interface LoggerOptions {
  /** Process name: bot, worker, dashboard, cli. */
  name: string;
  /** Where runtime.log lives; undefined logs to stdout only (tests). */
  logDir: string | undefined;
  level: string;
  /** Exact secret values to scrub from every line (bot token, dashboard password). */
  secrets?: readonly string[];
  /** Also write to stdout. Default true. */
  stdout?: boolean;
  /** Told about every failed write of runtime.log (a full disk), so the admins can be told. */
  fileErrors?: LogFileErrors;
}

/**
 * One logger per process: JSON lines to stdout (journald, or `npm start`'s readable view)
 * and to LOG_DIR/runtime.log, written synchronously so a line is in the file before the
 * next event. Every line passes through a scrubber, so the bot token never reaches a log
 * even inside an error message or a URL.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const streams: pino.StreamEntry[] = [];
  if (opts.stdout !== false) streams.push({ stream: pino.destination({ dest: 1, sync: true }) });
  let fileProblem: string | undefined;
  if (opts.logDir) {
    try {
      mkdirSync(opts.logDir, { recursive: true });
      const file = pino.destination({ dest: join(opts.logDir, 'runtime.log'), sync: true, append: true, mkdir: true });
      // A full disk must not crash the process: the line is lost, the process goes on, and
      // whoever listens (the worker: the "cannot write logs" alert) hears of it now.
      file.on('error', (err: Error) => opts.fileErrors?.report(err));
      streams.push({ stream: file });
    } catch (err) {
      // LOG_DIR linked to an HDD that is not mounted (or read-only): keep running on the
      // journal alone, so the bot can still tell the user, instead of a crash loop.
      fileProblem = (err as Error).message;
    }
  }
  const secrets = opts.secrets ?? [];
  const logger = pino(
    {
      name: opts.name,
      level: opts.level,
      base: { proc: opts.name },
      redact: { paths: ['token', '*.token', 'botToken', '*.botToken', 'password', '*.password', 'headers.authorization'], censor: '[redacted]' },
      hooks: { streamWrite: (s: string) => scrubSecrets(s, secrets) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams.map((s) => ({ ...s, level: 'trace' as const }))),
  );
  if (fileProblem) logger.error({ logDir: opts.logDir, err: fileProblem }, 'cannot write runtime.log: logging to the journal only (is the HDD mounted?)');
  return logger;
}
