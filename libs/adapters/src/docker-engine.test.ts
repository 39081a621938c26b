import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerEngineError, demuxLogs, listContainers } from './docker-engine.js';

// The real engine's answers are checked in test/src/worker/docker-containers.redis.test.ts
// (a private dockerd); here the pure part and the failures that need no daemon.

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head.writeUInt8(stream, 0);
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
};

test('demuxLogs joins stdout and stderr frames in order; a cut last frame keeps what arrived', () => {
  assert.equal(demuxLogs(Buffer.concat([frame(1, 'halo\n'), frame(2, 'error: x\n'), frame(1, 'ünïcode\n')])), 'halo\nerror: x\nünïcode\n');
  const whole = Buffer.concat([frame(1, 'a\n'), frame(1, 'bcdef\n')]);
  assert.equal(demuxLogs(whole.subarray(0, whole.length - 3)), 'a\nbcd');
  assert.equal(demuxLogs(Buffer.alloc(0)), '');
});

test('no socket at the path is "absent"; a path that is no socket is "unreachable"', async () => {
  await assert.rejects(listContainers({ socketPath: '/nonexistent/docker.sock' }), (err: unknown) => err instanceof DockerEngineError && err.kind === 'absent');
  await assert.rejects(listContainers({ socketPath: '/etc/hostname' }), (err: unknown) => err instanceof DockerEngineError && (err.kind === 'unreachable' || err.kind === 'denied'));
});
