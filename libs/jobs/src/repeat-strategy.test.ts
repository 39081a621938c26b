import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRepeatStrategy } from 'bullmq';
import { localRepeatStrategy, nextLocalRun, parseLocalRunPattern } from './repeat-strategy.js';
import { inZone } from './in-zone.test-helper.js';

// Decision 052: the next run of our patterns without luxon/Intl, against BullMQ's default
// strategy (cron-parser + luxon) as the reference, with process.env.TZ = the pattern's zone
// as every app sets it.

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The instants where the zone's offset changes in [from, from + days), found hour by hour. */
function transitions(from: number, days: number): number[] {
  const out: number[] = [];
  for (let at = from; at < from + days * DAY; at += HOUR) {
    if (new Date(at).getTimezoneOffset() !== new Date(at + HOUR).getTimezoneOffset()) out.push(at + HOUR);
  }
  return out;
}

/** Instants across a year, dense around each DST change, and each run time and 1 ms either side. */
function instants(year: number): number[] {
  const from = Date.UTC(year, 0, 1);
  const out: number[] = [];
  for (let at = from; at < from + 366 * DAY; at += 47 * HOUR + 7 * 60_000 + 123) out.push(at);
  for (const edge of transitions(from, 366)) {
    for (let at = edge - 6 * HOUR; at <= edge + 6 * HOUR; at += 17 * 60_000) out.push(at);
  }
  return out;
}

const PATTERNS = ['0 0 * * *', '5 0 * * *', '30 1 * * *', '30 2 * * *', '59 2 * * *', '0 3 * * *', '45 12 * * *', '0 4 * * 0', '30 2 * * 0', '0 5 * * 7'];

/**
 * Compares with the reference in `tz` over `year`; returns the cases where they differ, each
 * with whether our run's wall time exists that day (a difference is allowed only in a gap).
 */
function compare(tz: string, year: number): { cases: number; differ: { pattern: string; at: number; ours: number; ref: number | undefined; inGap: boolean }[] } {
  return inZone(tz, () => {
    const differ = [];
    let cases = 0;
    for (const pattern of PATTERNS) {
      const p = parseLocalRunPattern(pattern)!;
      const refs = new Map<number, number | undefined>();
      for (const a of instants(year)) {
        const r = defaultRepeatStrategy(a, { pattern, tz });
        refs.set(a, r);
        if (r !== undefined) for (const b of [r - 1, r, r + 1]) refs.set(b, defaultRepeatStrategy(b, { pattern, tz }));
      }
      for (const [at, ref] of refs) {
        cases += 1;
        const ours = localRepeatStrategy(at, { pattern, tz }) as number;
        assert.equal(ours, nextLocalRun(at, p), 'the strategy computes our patterns itself');
        if (ours !== ref) {
          const d = new Date(ours);
          differ.push({ pattern, at, ours, ref, inGap: d.getHours() !== p.hour || d.getMinutes() !== p.minute });
        }
      }
    }
    return { cases, differ };
  });
}

// No DST; Apia skipped the whole of 2011-12-30.
for (const [tz, year] of [['Asia/Kolkata', 2026], ['Pacific/Apia', 2011]] as const) {
  test(`in ${tz} (${year}) every next run equals BullMQ's default strategy`, () => {
    const { cases, differ } = compare(tz, year);
    assert.ok(cases > 1000);
    assert.deepEqual(differ.map((d) => `${d.pattern} after ${new Date(d.at).toISOString()}: ${new Date(d.ours).toISOString()} vs ${d.ref && new Date(d.ref).toISOString()}`), []);
  });
}

for (const tz of ['Europe/Berlin', 'America/New_York'] as const) {
  test(`in ${tz} every next run equals BullMQ's default strategy but in the hour after a clock change`, () => {
    const { cases, differ } = compare(tz, 2026);
    assert.ok(cases > 1000);
    // There cron-parser walks the wall clock its own way: after 03:00 on the spring night it
    // skips the 02:30 run that moved to 03:30 (ours: 03:30, still due); in the repeated hour
    // of the autumn night it runs 02:30 a second time (ours: once a day, at the first).
    const changes = inZone(tz, () => transitions(Date.UTC(2026, 0, 1), 366));
    assert.equal(changes.length, 2);
    const stray = differ.filter((d) => !changes.some((c) => d.at >= c && d.at < c + HOUR));
    assert.deepEqual(stray.map((d) => `${d.pattern} after ${new Date(d.at).toISOString()}: ${new Date(d.ours).toISOString()} vs ${d.ref && new Date(d.ref).toISOString()}`), []);
  });
}

test('a DST night in Berlin: a run in the gap moves on by the hour, a repeated time runs once', () => {
  inZone('Europe/Berlin', () => {
    const run = { minute: 30, hour: 2 };
    // 2026-03-29 02:00 CET -> 03:00 CEST: 02:30 runs at 03:30 CEST (01:30 UTC), also after 03:00.
    assert.equal(nextLocalRun(Date.UTC(2026, 2, 28, 12), run), Date.UTC(2026, 2, 29, 1, 30));
    assert.equal(nextLocalRun(Date.UTC(2026, 2, 29, 1, 14), run), Date.UTC(2026, 2, 29, 1, 30));
    // 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 CEST (00:30 UTC) runs, 02:30 CET does not.
    assert.equal(nextLocalRun(Date.UTC(2026, 9, 24, 12), run), Date.UTC(2026, 9, 25, 0, 30));
    assert.equal(nextLocalRun(Date.UTC(2026, 9, 25, 0, 30), run), Date.UTC(2026, 9, 26, 1, 30));
    assert.equal(nextLocalRun(Date.UTC(2026, 9, 25, 1, 14), run), Date.UTC(2026, 9, 26, 1, 30));
  });
});

test('where a clock change skips midnight or half an hour, the run is at its wall time moved on by the gap', () => {
  // Here cron-parser skips the day (Santiago, whose clocks jump at midnight) or throws "loop
  // limit exceeded" (Lord Howe's 30-minute change), which would end BullMQ's scheduler.
  inZone('America/Santiago', () => {
    // 2026-09-06 00:00 -> 01:00: "5 0 * * *" runs at 01:05 that day (04:05 UTC), "5 0 * * 0" too.
    assert.equal(nextLocalRun(Date.UTC(2026, 8, 5, 12), { minute: 5, hour: 0 }), Date.UTC(2026, 8, 6, 4, 5));
    assert.equal(nextLocalRun(Date.UTC(2026, 8, 1, 12), { minute: 5, hour: 0, weekday: 0 }), Date.UTC(2026, 8, 6, 4, 5));
  });
  inZone('Australia/Lord_Howe', () => {
    // 2026-10-04 02:00 -> 02:30 (+10:30 -> +11): 02:15 runs at 02:45 (15:45 UTC the day before).
    assert.equal(nextLocalRun(Date.UTC(2026, 9, 3, 12), { minute: 15, hour: 2 }), Date.UTC(2026, 9, 3, 15, 45));
    // 2026-04-05 02:00 -> 01:30: 01:45 runs once, at the first (14:45 UTC the day before).
    assert.equal(nextLocalRun(Date.UTC(2026, 3, 4, 12), { minute: 45, hour: 1 }), Date.UTC(2026, 3, 4, 14, 45));
  });
});

test('other patterns, zones and options go to the default strategy', () => {
  inZone('Europe/Berlin', () => {
    const at = Date.UTC(2026, 5, 1, 10, 0);
    const tz = 'Europe/Berlin';
    for (const opts of [
      { pattern: '*/5 * * * *', tz },
      { pattern: '0 3 1 * *', tz },
      { pattern: '0 3 * * *', tz: 'Asia/Kolkata' },
      { pattern: '0 3 * * *' },
      { pattern: '0 3 * * *', tz, startDate: Date.UTC(2026, 6, 1) },
      { pattern: '0 3 * * *', tz, endDate: Date.UTC(2026, 5, 1, 12) },
    ]) {
      assert.equal(localRepeatStrategy(at, opts), defaultRepeatStrategy(at, opts), JSON.stringify(opts));
    }
    assert.equal(parseLocalRunPattern('0 24 * * *'), undefined);
    assert.equal(parseLocalRunPattern('60 1 * * *'), undefined);
    assert.deepEqual(parseLocalRunPattern('0 4 * * 7'), { minute: 0, hour: 4, weekday: 0 });
  });
});
