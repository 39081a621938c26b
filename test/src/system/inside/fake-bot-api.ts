// Runs inside the system-test container as a unit (systemd-run): the project's fake Bot API
// on 127.0.0.1:8081 for the installed bot, and a small control port on 127.0.0.1:8082 the
// test reads (GET /calls: how many times each method was called).
import { createServer } from 'node:http';
import { FAKE_BOT_TOKEN, startFakeTelegram } from '@potion/testkit';

const fake = await startFakeTelegram({ token: FAKE_BOT_TOKEN, port: 8081 });
const control = createServer((req, res) => {
  const counts: Record<string, number> = {};
  for (const c of fake.calls) counts[c.method] = (counts[c.method] ?? 0) + 1;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(req.url === '/calls' ? counts : { error: 'unknown path' }));
});
control.listen(8082, '127.0.0.1', () => process.stdout.write(`fake Bot API at ${fake.apiRoot}\n`));
