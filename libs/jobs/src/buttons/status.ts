import { z } from 'zod';
import { defineCodec } from './codec.js';

/** The chart windows offered under 📊 Status → 🔍 Detail (the registry's chart.render hours). */
export const CHART_HOURS = [1, 6, 24] as const;
export type ChartHours = (typeof CHART_HOURS)[number];

/** 📊 Status: `status:detail` under the summary, `status:chart:<1|6|24>` under the details. */
export type StatusButton = { kind: 'detail' } | { kind: 'chart'; hours: ChartHours };

const hours = z.enum(['1', '6', '24']).transform((h) => Number(h) as ChartHours);

export const statusButtons = defineCodec<'status', StatusButton>({
  family: 'status',
  toParts: (v) => (v.kind === 'detail' ? ['detail'] : ['chart', v.hours]),
  schema: z.union([
    z.tuple([z.literal('detail')]).transform((): StatusButton => ({ kind: 'detail' })),
    z.tuple([z.literal('chart'), hours]).transform(([, h]): StatusButton => ({ kind: 'chart', hours: h })),
  ]),
});
