import { openQueue, QUEUE_KINDS, queueName, type QueueKind } from '@potion/jobs';
import { logUnlessOutage, type Logger } from '@potion/platform';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export interface DashboardQueue {
  hostId: string;
  kind: QueueKind;
  name: string;
  queue: Queue;
}

/**
 * One BullMQ Queue per queue kind of the registry, for this host (names from `queueName`,
 * so nobody writes a queue name by hand). They share the dashboard's producer connection
 * and only read, except Bull Board's actions when DASHBOARD_ALLOW_ACTIONS allows them.
 */
export function openQueues(connection: Redis, hostId: string, log: Logger): DashboardQueue[] {
  return QUEUE_KINDS.map((kind) => {
    const name = queueName(kind, hostId);
    // Without a listener BullMQ prints every connection error of an outage (the tracker says it once).
    const queue = openQueue(name, { connection, onError: logUnlessOutage(log, 'queue error', { queue: name }) });
    return { hostId, kind, name, queue };
  });
}

export async function closeQueues(queues: readonly DashboardQueue[]): Promise<void> {
  await Promise.all(queues.map((q) => q.queue.close()));
}

/**
 * The queues of every host the dashboard has shown, opened on first use (a host that joins
 * later gets its queues on the next page load or scrape) and closed with the dashboard.
 */
export class HostQueues {
  readonly #byHost = new Map<string, DashboardQueue[]>();
  constructor(
    private readonly connection: Redis,
    private readonly log: Logger,
  ) {}

  of(hostId: string): DashboardQueue[] {
    let qs = this.#byHost.get(hostId);
    if (!qs) {
      qs = openQueues(this.connection, hostId, this.log);
      this.#byHost.set(hostId, qs);
    }
    return qs;
  }

  /** The queues of these hosts, in their order. */
  all(hostIds: readonly string[]): DashboardQueue[] {
    return hostIds.flatMap((id) => this.of(id));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#byHost.values()].map((qs) => closeQueues(qs)));
    this.#byHost.clear();
  }
}
