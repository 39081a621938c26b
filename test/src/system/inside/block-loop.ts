// Runs inside the system-test container: freezes the event loop of a running node process
// (argument: its PID) the way a real bug would, through the inspector node opens on SIGUSR1.
// The process then sends no WATCHDOG=1 and systemd must kill and restart it.
import { setTimeout as sleep } from 'node:timers/promises';

const pid = Number(process.argv[2]);
if (!Number.isInteger(pid) || pid <= 1) throw new Error('usage: block-loop PID');
process.kill(pid, 'SIGUSR1');
let url: string | undefined;
for (let i = 0; i < 100 && !url; i++) {
  try {
    const list = (await (await fetch('http://127.0.0.1:9229/json/list')).json()) as Array<{ webSocketDebuggerUrl?: string }>;
    url = list[0]?.webSocketDebuggerUrl;
  } catch {
    await sleep(100);
  }
}
if (!url) throw new Error(`process ${pid} opened no inspector on 127.0.0.1:9229`);
const ws = new WebSocket(url);
await new Promise((resolve, reject) => {
  ws.addEventListener('open', resolve);
  ws.addEventListener('error', reject);
});
ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: 'for (;;) {}' } }));
await sleep(500);
process.stdout.write(`blocked the event loop of ${pid}\n`);
process.exit(0);
