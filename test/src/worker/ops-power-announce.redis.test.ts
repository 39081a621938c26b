import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openWorker, queueName } from '@potion/jobs';
import { createRedis } from '@potion/platform';
import type { Worker } from 'bullmq';
import { startOps, type OpsHarness } from '../harness/ops-harness.js';

let h: OpsHarness;
let bot: Worker | undefined;
let botConn: ReturnType<typeof createRedis>;
const delivered: { id: string; at: number; text: string }[] = [];

before(async () => {
  h = await startOps({ env: { POWER_ANNOUNCE_WAIT_SEC: '10' } });
  botConn = createRedis(h.redis.url, { role: 'worker', name: 'fake-bot' });
});
after(async () => {
  await bot?.close();
  botConn.disconnect();
  await h.stop();
});

test('the reboot waits until the announcement was delivered before asking systemd', async () => {
  // A fake bot consuming the outbox, like apps/bot does: it records when each message went out.
  bot = openWorker(
    queueName('notify', h.config.hostId),
    async (job) => {
      const text = (job.data as { payload: { text: string } }).payload.text;
      delivered.push({ id: job.id ?? '', at: Date.now(), text });
      return { messageId: 1 };
    },
    { connection: botConn, autorun: false },
  );
  // The bot starts a little later than the request, as if Telegram were slow.
  const started = Date.now();
  const answered = h.ask('host.reboot', {});
  setTimeout(() => void bot?.run(), 300);
  const msg = await answered;
  assert.match(msg.text, /Perintah reboot sudah dikirim/);
  const announce = delivered.find((d) => d.id.startsWith('power-announce.'));
  assert.ok(announce, 'the announcement was delivered');
  assert.ok(announce.at - started >= 250, 'the bot delivered it only after it started');
  assert.deepEqual(h.standins.powerCalls(), ['reboot']);
  // The stand-in writes the power file when systemctl reboot runs: that came after delivery.
  const rebootAt = statSync(join(h.standins.state, 'power')).mtimeMs;
  assert.ok(rebootAt >= announce.at, `reboot at ${rebootAt} came after the announcement at ${announce.at}`);
});
