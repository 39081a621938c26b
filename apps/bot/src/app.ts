import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { loadHostProofKey, logWriteAlert, Producer, registerProcess, tellAdmins, waitReady, type JobSigner, clock, duration, toHtml } from '@potion/jobs';
import { AuditLog, createRedis, type Config, type LogFileErrors, type Logger } from '@potion/platform';
import { Api, Bot, GrammyError } from 'grammy';
import type { Redis } from 'ioredis';
import { accessGate, privateChatGate } from './access.js';
import { bestEffortCallbackAnswers } from './answer-callback.js';
import { COMMANDS } from './commands.js';
import { ConflictPolicy } from './conflict.js';
import { ConfirmTokens } from './confirm-token.js';
import type { BotContext, BotDeps } from './context.js';
import { dedupeGate } from './dedupe.js';
import { floodGate, type FloodOptions } from './flood.js';
import { hostNameIfMany } from './hosts.js';
import { UpdateInbox } from './inbox.js';
import { TelegramLink, type OnlineEvent } from './link.js';
import { cleanButtons } from './menus/clean.js';
import { alertButtons } from './menus/alerts.js';
import { backupMenu, openBackup } from './menus/backup.js';
import { backupBrowseMenu } from './menus/backup-browse.js';
import { confirmHandlers } from './menus/confirm.js';
import { dockerMenu } from './menus/docker.js';
import { kontrolMenu, openKontrol } from './menus/kontrol.js';
import { hostPickerMenu } from './menus/host-picker.js';
import { logsMenu, openLogs } from './menus/logs.js';
import { networkMenu, openNetwork } from './menus/network.js';
import { startMenu } from './menus/start.js';
import { selfUpdateMenu } from './menus/self-update.js';
import { settingsMenu } from './menus/settings.js';
import { openHostStatus, statusMenu } from './menus/status.js';
import { openUpdate, updateMenu } from './menus/update.js';
import { tuneMenu } from './menus/tune.js';
import { HostOutboxes } from './outbox/host-outboxes.js';
import { Deliverer, type RetryOptions } from './outbox/deliver.js';
import { htmlParseMode } from './html-mode.js';
import { botTexts } from './texts.js';

export interface BotAppOptions {
  config: Config;
  log: Logger;
  redisUrl: string;
  flood?: FloodOptions;
  outboxRetry?: RetryOptions;
  /** How often the registry of hosts is read again for new outboxes (default one minute); tests pass less. */
  hostsRefreshMs?: number;
  now?: () => number;
  /** The logger's runtime.log write errors (given to createLogger): they raise the "cannot write logs" alert. */
  logFileErrors?: LogFileErrors;
}

export interface BotApp {
  bot: Bot<BotContext>;
  /**
   * Connects, registers the commands, starts the outbox and long polling. Resolves when
   * polling stops; rejects with Telegram's 409 when another bot already holds the chat.
   */
  run: () => Promise<void>;
  stop: () => Promise<void>;
}

/** How long stopping waits for the updates being handled. */
const STOP_CONFIRM_MS = 3000;
/** Longest wait between tries to reach Telegram at start-up. */
const INIT_RETRY_MAX_MS = 30_000;
/** Updates handled at the same time (one at a time per chat). */
const UPDATE_CONCURRENCY = 64;
/** Wait between getUpdates tries while Telegram is unreachable (the runner's default doubles without bound). */
const POLL_RETRY_MS = 3000;

/** Updates of one chat are handled in order; different chats at the same time. */
const chatOf = (ctx: BotContext) => String(ctx.chat?.id ?? ctx.from?.id ?? 'none');

/**
 * Builds the bot: grammY with auto-retry for short hiccups of direct answers (429 and 5xx,
 * bounded delay; network errors are left to the polling loop), updates handled
 * concurrently per chat (@grammyjs/runner + sequentialize, with a Redis inbox so a killed
 * bot loses no press), the gates (dedupe, access, flood), one Composer per menu, and the
 * outbox consumer, which has its own Api without auto-retry (it waits out 429s per chat).
 */
export async function createBotApp(opts: BotAppOptions): Promise<BotApp> {
  const { config, log } = opts;
  if (!config.botToken) throw new Error('BOT_TOKEN is not set');
  const now = opts.now ?? Date.now;
  const blog = log.child({ module: 'bot:app' });

  const redis: Redis = createRedis(opts.redisUrl, { role: 'producer', name: 'bot' });
  await waitReady(redis);
  // ⚙️ About shows each process's uptime from potion:proc:<name>.
  const unregister = await registerProcess(redis, 'bot', now);
  // Confirmed mutating jobs are signed with the key of the job's host (docs/decisions/023,
  // 043): this host's is the one the worker keeps under DATA_DIR, a joined host's the one
  // `potion hosts add` made; read when first needed, since the worker may start after the bot.
  const signers = new Map<string, JobSigner>();
  const proofKey = (hostId: string) => {
    try {
      const found = signers.get(hostId) ?? loadHostProofKey(config.dataDir, hostId, config.hostId);
      if (found) signers.set(hostId, found);
    } catch (err) {
      blog.error({ err, host: hostId }, 'cannot read the job proof key; confirmed actions will be refused by the worker');
    }
    const signer = signers.get(hostId);
    if (!signer) blog.warn({ dataDir: config.dataDir, host: hostId }, 'no job proof key yet (the worker creates it on its first start; a joined host gets one from potion hosts add)');
    return signer;
  };
  const producer = new Producer({ connection: redis, hostId: config.hostId, signer: proofKey });
  // With several hosts it names the bot's own (the LOG_DIR is this machine's), as the worker's alerts do.
  const logAlert = logWriteAlert({ config, log: blog, redis, producer, now, proc: 'bot', hostName: () => hostNameIfMany({ redis }, config.hostId) });
  const audit = new AuditLog(config.logDir, (err) => logAlert(err, 'actions.log'));
  opts.logFileErrors?.listen((err) => logAlert(err, 'runtime.log'));
  const deps: BotDeps = { config, log, producer, redis, audit, now, tokens: new ConfirmTokens(redis) };

  const bot = new Bot<BotContext>(config.botToken, { client: { apiRoot: config.telegramApiRoot, timeoutSeconds: 75 } });
  const link = new TelegramLink(config.telegramOutageNoteMs, now);
  const conflict = new ConflictPolicy({ log, now });
  const inbox = new UpdateInbox(redis, log);
  // Installed first = innermost: the link watcher below sees what is left after auto-retry,
  // the 409 policy what the link saw, and the inbox records what the runner will get.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 30, rethrowHttpErrors: true }));
  bot.api.config.use(link.transformer());
  bot.api.config.use(bestEffortCallbackAnswers(log));
  bot.api.config.use(conflict.transformer());
  bot.api.config.use(inbox.recorder());
  bot.api.config.use(htmlParseMode());

  bot.use(sequentialize(chatOf));
  bot.use(async (ctx, next) => {
    try {
      await next();
    } finally {
      await inbox.done(ctx.update.update_id);
    }
  });
  // Private chats only, then access: a group never gets host detail, and a stranger's flood
  // must not fill Redis with update claims.
  bot.use(privateChatGate(deps), accessGate(deps), dedupeGate(deps), floodGate(deps, opts.flood ?? { burst: config.botFloodBurst, perSecond: config.botFloodRefillPerSec }));
  bot.use(hostPickerMenu(deps, { ctl: openKontrol(deps), st: openHostStatus(deps), net: openNetwork(deps), upd: openUpdate(), logs: openLogs(deps), bk: openBackup(deps) }));
  bot.use(startMenu(deps), statusMenu(deps), kontrolMenu(deps), dockerMenu(deps), networkMenu(deps), updateMenu(deps), confirmHandlers(deps), settingsMenu(deps), selfUpdateMenu(deps), backupMenu(deps), backupBrowseMenu(deps), alertButtons(deps), cleanButtons(deps));
  // Last before the fallbacks: it also takes the word typed after `🔍 Cari kata…`.
  bot.use(logsMenu(deps));
  // After the other typed-text handlers: see tuneMenu.
  bot.use(tuneMenu(deps));
  bot.on('callback_query:data', (ctx) => ctx.answerCallbackQuery({ text: botTexts.staleButton }));
  bot.on('message', (ctx) => ctx.reply(toHtml(botTexts.unknown)));
  bot.catch((err) => blog.error({ err: err.error, updateId: err.ctx.update.update_id }, 'error while handling an update'));

  link.on('online', (e: OnlineEvent) => void announceOnline(e));
  async function announceOnline(e: OnlineEvent): Promise<void> {
    blog.info({ downMs: e.downMs }, 'Telegram is reachable again');
    const since = clock(e.downSince, config.timezone, { seconds: true });
    // `online.<down since>.<admin>`: one note per outage, however often the link says so.
    const text = toHtml(botTexts.onlineAgain(duration(e.downMs, { seconds: true }), since));
    await tellAdmins({ producer, config }, { purpose: 'online', id: e.downSince, text, kind: 'info', silent: true, requestId: `online-${e.downSince}`, source: 'bot', now: now() }).catch((err: unknown) =>
      blog.error({ err }, 'cannot queue the online-again note'),
    );
  }

  const outboxApi = new Api(config.botToken, { apiRoot: config.telegramApiRoot, timeoutSeconds: 75 });
  outboxApi.config.use(link.transformer());
  outboxApi.config.use(htmlParseMode());
  const deliverer = new Deliverer({ api: outboxApi, redis, config, log, link, now, ...(opts.outboxRetry ? { retry: opts.outboxRetry } : {}) });
  const outbox = new HostOutboxes({ redisUrl: opts.redisUrl, redis, deliverer, log, lockMs: config.jobLockMs, hostId: config.hostId, ...(opts.hostsRefreshMs ? { hostsRefreshMs: opts.hostsRefreshMs } : {}) });
  // The pending message of a press goes out at once, its outbox job as the durable fallback.
  deps.deliverNow = (m, jobId, requestId, o) => outbox.deliverNow(m, jobId, requestId, o);
  let stopping = false;
  let runner: RunnerHandle | undefined;

  async function initUntilReachable(): Promise<void> {
    for (let attempt = 0; !stopping; attempt++) {
      try {
        // Not bot.init(): grammY retries that with a delay growing to 20 minutes, too slow
        // for a laptop that boots before its internet is back.
        bot.botInfo = await bot.api.getMe();
        return;
      } catch (err) {
        if (err instanceof GrammyError && err.error_code === 401) throw err;
        const wait = Math.min(INIT_RETRY_MAX_MS, 500 * 2 ** attempt);
        blog.warn({ err: (err as Error).message, waitMs: wait }, 'cannot reach Telegram yet; trying again');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  return {
    bot,
    run: async () => {
      await initUntilReachable();
      if (stopping) return;
      outbox.start();
      bot.api.setMyCommands(COMMANDS).catch((err: unknown) => blog.warn({ err }, 'could not register the command list (the menu still works)'));
      // getUpdates is refused while a webhook is set (grammY's bot.start does the same).
      await bot.api.deleteWebhook().catch((err: unknown) => blog.warn({ err: (err as Error).message }, 'could not make sure no webhook is set'));
      await inbox.replay(bot);
      if (stopping) return;
      runner = run(bot, {
        runner: { fetch: { allowed_updates: ['message', 'callback_query'] }, retryInterval: POLL_RETRY_MS, maxRetryTime: Number.MAX_SAFE_INTEGER, silent: true },
        sink: { concurrency: UPDATE_CONCURRENCY },
      });
      blog.info({ username: bot.botInfo.username }, 'bot polling Telegram');
      await runner.task();
    },
    stop: async () => {
      stopping = true;
      await unregister().catch(() => undefined);
      // Stop polling and give the updates being handled a moment to finish. Telegram may
      // deliver the last batch again to the next bot: the update claims in Redis ignore what
      // was finished, and the inbox keeps what was not.
      if (runner?.isRunning()) {
        const handle = runner;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          (async () => {
            await handle.stop().catch((err: unknown) => blog.warn({ err: (err as Error).message }, 'error while stopping the polling'));
            const deadline = Date.now() + STOP_CONFIRM_MS;
            while (handle.size() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          })(),
          new Promise((r) => (timer = setTimeout(r, STOP_CONFIRM_MS))),
        ]);
        clearTimeout(timer);
      }
      await outbox.close();
      await producer.close();
      redis.disconnect();
    },
  };
}
