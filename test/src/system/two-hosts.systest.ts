// Issue 18: "the real-systemd test can boot two containers". Two Debian 12 containers booting
// a real systemd, each in a network namespace of libs/testkit createNetHosts (main 100.64.0.1,
// pi 100.64.0.2, Tailscale-range addresses on one private bridge): what a second installed
// host needs to join the first. Run alone: npm run test:system -- two-hosts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createNetHosts, netnsUnavailable, waitFor, type NetHosts } from '@potion/testkit';
import { Container, type Follower } from './container.js';

const log = (line: string) => process.stdout.write(`# ${line}\n`);
const PORT = '7070';
/** A TCP server answering every connection with its hostname, on the address given. */
const SERVER = "require('net').createServer((s) => s.end('hello from ' + require('os').hostname() + '\\n')).listen(Number(process.argv[2]), process.argv[1], () => console.log('listening'))";
/** Connects, prints what the server sends, exits 2 with the error code when it cannot connect. */
const CLIENT = "const s = require('net').connect(Number(process.argv[2]), process.argv[1]); let d = ''; s.on('data', (x) => (d += x)); s.on('end', () => process.stdout.write(d)); s.on('error', (e) => { console.error(e.code); process.exit(2); }); s.setTimeout(10000, () => { console.error('ETIMEDOUT'); process.exit(3); });";

const skip = netnsUnavailable();
let net: NetHosts;
let main: Container;
let pi: Container;

describe('two hosts: two containers booting a real systemd on one private network', { skip, concurrency: false, timeout: 300_000 }, () => {
  // Inside the describe: a machine without namespaces skips them too.
  before(async () => {
    net = createNetHosts({ hosts: ['main', 'pi'] });
    main = Container.create({ log, name: 'potion-main', netnsPath: net.host('main').nsPath });
    pi = Container.create({ log, name: 'potion-pi', netnsPath: net.host('pi').nsPath });
    await Promise.all([main.boot(), pi.boot()]);
  }, { timeout: 600_000 });

  after(async () => {
    await Promise.all([main?.destroy(), pi?.destroy()]);
    net?.destroy();
  }, { timeout: 120_000 });

  test('each container has its own hostname and its own address in 100.64.0.0/10', () => {
    for (const [c, name, address] of [[main, 'potion-main', '100.64.0.1'], [pi, 'potion-pi', '100.64.0.2']] as const) {
      assert.equal(c.must('hostname', []).trim(), name);
      const addrs = c.must('ip', ['-4', '-o', 'addr', 'show']);
      assert.match(addrs, new RegExp(`inet ${address.replace(/\./g, '\\.')}/10 `), `${name}: ${addrs}`);
    }
  });

  test('pi reaches a TCP port main listens on at 100.64.0.1, and not on its own loopback', async () => {
    const server: Follower = main.follow('/usr/bin/node', ['-e', SERVER, net.host('main').address, PORT]);
    try {
      await waitFor('the server in main to listen', () => /listening/.test(server.text()), 30_000, 100).catch((err: unknown) => {
        throw new Error(`${String(err)}\n${server.text()}`);
      });
      const reply = pi.exec('/usr/bin/node', ['-e', CLIENT, net.host('main').address, PORT]);
      assert.equal(reply.code, 0, reply.all);
      assert.equal(reply.stdout.trim(), 'hello from potion-main', 'the answer came from the other container');
      const own = pi.exec('/usr/bin/node', ['-e', CLIENT, '127.0.0.1', PORT]);
      assert.equal(own.code, 2, own.all);
      assert.match(own.stderr, /ECONNREFUSED/, 'nothing listens on pi itself');
    } finally {
      await server.stop();
    }
  });
});
