import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Producer } from './producer.js';
import { adminJobId, tellAdmins, type TellAdminsOptions } from './tell-admins.js';

type Call = Parameters<Producer['enqueue']>;

/** Records what would be queued: the producer itself is tested against a real Redis elsewhere. */
function recorder(adminIds: number[]) {
  const calls: Call[] = [];
  const producer: Pick<Producer, 'enqueue'> = {
    enqueue: async (...args: Call) => {
      calls.push(args);
      return args[3]?.jobId ?? 'x';
    },
  };
  return { deps: { producer, config: { adminIds } }, calls };
}

const base: TellAdminsOptions = { purpose: 'power-back', id: 'req-7', text: 'Server sudah nyala lagi', kind: 'alert', requestId: 'boot-1', source: 'worker', now: 1000 };

test('every admin gets one message with the id <purpose>.<id>.<admin>, the same ids when the sender runs again', async () => {
  const r = recorder([1001, 1002]);
  const ids = await tellAdmins(r.deps, base);
  assert.deepEqual(ids, ['power-back.req-7.1001', 'power-back.req-7.1002']);
  assert.deepEqual(await tellAdmins(recorder([1001, 1002]).deps, base), ids);
  assert.deepEqual(r.calls[0], [
    'notify.send',
    { chatId: 1001, text: 'Server sudah nyala lagi', kind: 'alert', createdAt: 1000 },
    { requestId: 'boot-1', by: { kind: 'system', name: 'worker' }, enqueuedAt: 1000 },
    { jobId: 'power-back.req-7.1001' },
  ]);
});

test('the chat that asked is told once even when it is an admin, and an excepted chat not at all', async () => {
  assert.deepEqual(await tellAdmins(recorder([1001, 1002]).deps, { ...base, alsoChat: 3003 }), ['power-back.req-7.1001', 'power-back.req-7.1002', 'power-back.req-7.3003']);
  assert.deepEqual(await tellAdmins(recorder([1001, 1002]).deps, { ...base, alsoChat: 1002 }), ['power-back.req-7.1001', 'power-back.req-7.1002']);
  assert.deepEqual(await tellAdmins(recorder([1001, 1002]).deps, { ...base, except: 1001 }), ['power-back.req-7.1002']);
});

test('silent and buttons reach the message; characters BullMQ refuses in an id become _', async () => {
  const r = recorder([1001]);
  const buttons = [[{ text: '🔕 Bisukan 1 jam', data: 'x' }]];
  const [id] = await tellAdmins(r.deps, { ...base, purpose: 'alert', id: 'backup-fail.repeat:abc:1700', silent: true, buttons });
  assert.equal(id, 'alert.backup-fail.repeat_abc_1700.1001');
  assert.equal(adminJobId('mute-end', 'svc.a b.service.5', 7), 'mute-end.svc.a_b.service.5.7');
  const payload = r.calls[0]?.[1] as { silent?: boolean; buttons?: unknown };
  assert.equal(payload.silent, true);
  assert.deepEqual(payload.buttons, buttons);
});
