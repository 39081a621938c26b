import { BULLMQ_PREFIX, QUEUE_KINDS, queueName, type QueueKind } from '@potion/jobs';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export interface DashboardQueue {
  kind: QueueKind;
  name: string;
  queue: Queue;
}

/**
 * One BullMQ Queue per queue kind of the registry, for this host (names from `queueName`,
 * so nobody writes a queue name by hand). They share the dashboard's producer connection
 * and only read, except Bull Board's actions when DASHBOARD_ALLOW_ACTIONS allows them.
 */
export function openQueues(connection: Redis, hostId: string): DashboardQueue[] {
  return QUEUE_KINDS.map((kind) => {
    const name = queueName(kind, hostId);
    return { kind, name, queue: new Queue(name, { connection, prefix: BULLMQ_PREFIX }) };
  });
}

export async function closeQueues(queues: readonly DashboardQueue[]): Promise<void> {
  await Promise.all(queues.map((q) => q.queue.close()));
}
