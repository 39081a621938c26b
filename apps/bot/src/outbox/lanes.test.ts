import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lanes } from './lanes.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

test('tasks of one key run in order, another key is not held up, a failure does not stop the lane', async () => {
  const lanes = new Lanes<number>();
  const done: string[] = [];
  const gate = deferred();
  const a1 = lanes.run(1, async () => {
    await gate.promise;
    done.push('a1');
    throw new Error('a1 failed');
  });
  const a2 = lanes.run(1, async () => void done.push('a2'));
  await lanes.run(2, async () => void done.push('b1'));
  assert.deepEqual(done, ['b1'], 'chat 2 went ahead while chat 1 waited');
  gate.resolve();
  await assert.rejects(a1, /a1 failed/);
  await a2;
  assert.deepEqual(done, ['b1', 'a1', 'a2']);
  await new Promise((r) => setImmediate(r));
  assert.equal(lanes.size, 0, 'finished lanes are forgotten');
});
