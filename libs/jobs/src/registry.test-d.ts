// Type-level tests: checked by `tsc -b` (npm run build / npm test), never executed.
import type { Producer } from './producer.js';
import type { JobData, JobResult } from './registry/index.js';
import type { JobMeta } from './meta.js';

declare const producer: Producer;
declare const meta: JobMeta;

export async function typeTests(): Promise<void> {
  await producer.enqueue('service.restart', { unit: 'n8n.service' }, meta);
  await producer.enqueue('status.summary', {}, meta);

  // @ts-expect-error a job name that is not in the registry
  await producer.enqueue('service.explode', {}, meta);
  // @ts-expect-error a payload missing its required field
  await producer.enqueue('service.restart', {}, meta);
  // @ts-expect-error a field of the wrong type
  await producer.enqueue('service.restart', { unit: 42 }, meta);
  // @ts-expect-error meta is required
  await producer.enqueue('status.summary', {});

  const data: JobData<'service.stop'> = { unit: 'x.service' };
  // @ts-expect-error results are typed from the registry too
  const wrong: JobResult<'service.stop'>['action'] = 'restart';
  void data;
  void wrong;
}
