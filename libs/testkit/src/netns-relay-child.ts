/**
 * The half of netns-relay.ts that runs inside a test host: listens on the host's 127.0.0.1
 * (a free port, printed as one line) and passes every connection to the unix socket given as
 * the only argument. Ends when its stdin closes (the test process is gone).
 */
import { connect, createServer, type Socket } from 'node:net';

const sock = process.argv[2];
if (!sock) throw new Error('usage: netns-relay-child <unix socket>');

const pipeBoth = (a: Socket, b: Socket): void => {
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.pipe(b).pipe(a);
};

const server = createServer((client) => pipeBoth(client, connect(sock)));
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') process.stdout.write(`${addr.port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
