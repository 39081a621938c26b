import { z } from 'zod';
import { envVar, idList, int, type CrossCheck, type EnvOf } from './declare.js';

/** Who may use the bot. */
export const accessVars = {
  BOT_TOKEN: envVar({
    schema: z
      .string()
      .regex(/^\d{5,16}:[A-Za-z0-9_-]{30,}$/, 'does not look like a bot token (digits, a colon, then about 35 letters)')
      .optional(),
    fix: 'copy the token that @BotFather gave you, e.g. BOT_TOKEN="123456789:AA..." (or leave it empty to run without the bot)',
    secret: 'value',
    description: 'Token from @BotFather; empty: the bot does not start (worker and dashboard still run).',
  }),
  ADMIN_IDS: envVar({
    schema: idList,
    default: '',
    fix: 'a comma-separated list of numeric ids, e.g. ADMIN_IDS="12345678,87654321"; send /start to the bot to learn yours',
    description: 'Numeric Telegram ids allowed to do everything (comma-separated).',
  }),
  VIEWER_IDS: envVar({
    schema: idList,
    default: '',
    fix: 'a comma-separated list of numeric ids, or leave it empty',
    description: 'Numeric Telegram ids that may only look (status, logs, lists).',
  }),
};

/** How the bot talks to Telegram. */
export const telegramVars = {
  TELEGRAM_API_ROOT: envVar({
    schema: z.url({ message: 'must be a URL such as https://api.telegram.org' }),
    default: 'https://api.telegram.org',
    fix: 'leave it empty for the official API',
    description: 'The Bot API address; the default is the official API.',
  }),
  TELEGRAM_OUTAGE_NOTE_SEC: envVar({
    schema: int(0, 86400),
    default: '30',
    fix: 'seconds, e.g. 30; a shorter Telegram outage passes without an "online again" note',
    description: 'A Telegram outage at least this long gets one "online again" note when it ends.',
  }),
  TELEGRAM_CALL_TIMEOUT_SEC: envVar({
    schema: int(1, 600),
    default: '20',
    fix: 'seconds one message send may hang before it is tried again, e.g. 20',
    description: 'Seconds one message send may hang before it is tried again.',
  }),
  TELEGRAM_RETRY_MAX_SEC: envVar({
    schema: int(1, 3600),
    default: '10',
    fix: 'the longest wait in seconds between tries while Telegram is unreachable, e.g. 10',
    description: 'The longest wait in seconds between outbox tries while Telegram is unreachable.',
  }),
  BOT_FLOOD_BURST: envVar({
    schema: int(1, 100_000),
    default: '8',
    fix: 'how many presses one user may make in a burst, e.g. 8 (refilled at 2 per second)',
    description: 'Presses one user may make in a quick burst before the bot asks them to slow down.',
  }),
  BOT_FLOOD_REFILL_PER_MIN: envVar({
    schema: int(1, 100_000),
    default: '120',
    fix: 'presses per minute given back to a user after a burst, e.g. 120',
    description: 'Presses per minute given back to a user after a burst.',
  }),
};

type TelegramEnv = EnvOf<typeof accessVars> & EnvOf<typeof telegramVars>;

export function telegramConfig(e: TelegramEnv) {
  return {
    botToken: e.BOT_TOKEN,
    adminIds: e.ADMIN_IDS,
    viewerIds: e.VIEWER_IDS.filter((id) => !e.ADMIN_IDS.includes(id)),
    telegramApiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    /** A Telegram outage at least this long is reported with an "online again" note. */
    telegramOutageNoteMs: e.TELEGRAM_OUTAGE_NOTE_SEC * 1000,
    /** One outbox call to Telegram that hangs this long counts as failed and is tried again. */
    telegramCallTimeoutMs: e.TELEGRAM_CALL_TIMEOUT_SEC * 1000,
    /** Longest backoff between outbox tries while Telegram is unreachable. */
    telegramRetryMaxMs: e.TELEGRAM_RETRY_MAX_SEC * 1000,
    /** Presses one Telegram user may make in a burst. */
    botFloodBurst: e.BOT_FLOOD_BURST,
    /** Presses per second given back after a burst (BOT_FLOOD_REFILL_PER_MIN / 60). */
    botFloodRefillPerSec: e.BOT_FLOOD_REFILL_PER_MIN / 60,
  };
}

/** A bot token without any admin: nobody could use the bot. */
export function telegramCheck(e: EnvOf<typeof accessVars>): CrossCheck | undefined {
  if (!e.BOT_TOKEN || e.ADMIN_IDS.length > 0) return undefined;
  return {
    problem: { variable: 'ADMIN_IDS', problem: 'is empty while BOT_TOKEN is set, so nobody could use the bot', fix: accessVars.ADMIN_IDS.fix },
    blame: ['ADMIN_IDS', 'BOT_TOKEN'],
  };
}
