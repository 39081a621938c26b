/**
 * The floor for bot-latency: a bare grammY bot that answers every message with a fixed
 * text (no Redis, no queue). Run by the benchmark as its own process, like the real bot.
 */
import { Bot } from 'grammy';

const token = process.env.BOT_TOKEN ?? '';
const bot = new Bot(token, { client: { apiRoot: process.env.TELEGRAM_API_ROOT ?? 'https://api.telegram.org' } });
bot.on('message', (ctx) => ctx.reply('ok'));
process.on('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
void bot.start();
