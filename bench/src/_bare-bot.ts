/**
 * The floor for bot-latency: a bare grammY bot that answers every message the way the real
 * bot answers 📊 Status, without Redis or a queue: it sends the pending message, then edits
 * it into a fixed final text, both as HTML like the real bot's. Run by the benchmark as its own
 * process, like the real bot.
 */
import { Bot } from 'grammy';

const token = process.env.BOT_TOKEN ?? '';
const pending = process.env.BARE_PENDING_TEXT ?? '⏳';
const bot = new Bot(token, { client: { apiRoot: process.env.TELEGRAM_API_ROOT ?? 'https://api.telegram.org' } });
bot.on('message', async (ctx) => {
  const sent = await ctx.reply(pending, { parse_mode: 'HTML' });
  await ctx.api.editMessageText(sent.chat.id, sent.message_id, '📊 ok', { parse_mode: 'HTML' });
});
process.on('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
void bot.start();
