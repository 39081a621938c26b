// Started by netns.ts, detached, with a pipe from the test process on stdin: each line names a
// network namespace the test made ("+name"), or one it removed itself ("-name"). When the pipe
// closes (the test process ended, however it ended, SIGKILL included) the processes still in
// those namespaces are killed and the namespaces deleted.
import { NETNS_NAME, removeNamespace } from './netns-ip.js';

const names = new Set<string>();
let buffered = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop() ?? '';
  for (const line of lines) {
    const name = line.slice(1);
    if (!NETNS_NAME.test(name)) continue;
    if (line.startsWith('+')) names.add(name);
    else if (line.startsWith('-')) names.delete(name);
  }
});
process.stdin.on('close', () => {
  for (const name of names) removeNamespace(name);
  process.exit(0);
});
// Signals meant for the test's process group do not end the guard before its work.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => undefined);
