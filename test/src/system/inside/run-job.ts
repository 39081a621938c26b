// Runs inside the system-test container: enqueues one job for the installed worker (the
// config of /opt/potion-runner/.env) and prints how it ended as JSON:
//   node run-job.js service.restart '{"unit":"potion-demo.service"}'
// A third argument names another host (a joined host's queue, as the bot on the main machine enqueues it).
import type { Job } from 'bullmq';
import { jobs, loadHostProofKey, openQueue, Producer, queueName, waitReady, type JobName } from '@potion/jobs';
import { createRedis, loadConfig } from '@potion/platform';

const name = process.argv[2] ?? '';
const payloadJson = process.argv[3] ?? '{}';
if (!(name in jobs)) throw new Error(`unknown job ${name}`);
const jobName = name as JobName;
const config = loadConfig({ env: { ...process.env, ENV_FILE: '/opt/potion-runner/.env' } });
const conn = createRedis(config.redisUrl ?? 'redis://127.0.0.1:6379', { role: 'producer', name: 'system-test' });
await waitReady(conn);
// A host-changing job runs only with a proof (decision 023): root here signs it with the key
// the worker keeps in DATA_DIR, standing in for an admin's confirmation in the bot.
const hostId = process.argv[4] ?? config.hostId;
const signer = loadHostProofKey(config.dataDir, hostId, config.hostId);
const producer = new Producer({ connection: conn, hostId, ...(signer ? { signer } : {}) });
const meta = { requestId: `systest-${Date.now()}`, by: { kind: 'system' as const, name: 'system-test' }, enqueuedAt: Date.now() };
const id = await producer.enqueue(jobName, JSON.parse(payloadJson) as never, meta, jobs[jobName].mutates ? { authorizedAt: Date.now() } : {});
const queue = openQueue(queueName(jobs[jobName].queue, hostId), { connection: conn });
const deadline = Date.now() + 60_000;
let job: Job | undefined;
let state = 'unknown';
while (Date.now() < deadline) {
  job = await queue.getJob(id);
  state = job ? await job.getState() : 'missing';
  if (state === 'completed' || state === 'failed') break;
  await new Promise((r) => setTimeout(r, 200));
}
process.stdout.write(`${JSON.stringify({ state, returnvalue: job?.returnvalue, failedReason: job?.failedReason })}\n`);
await queue.close();
await producer.close();
conn.disconnect();
