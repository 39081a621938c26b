import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber } from './id-locale.js';
import { percent } from './size.js';
import { clock, dateTime, dayMonth, dayTime, localDay, zonedParts, zoneOffsetMs, zonedToUtc } from './time.js';
import { inZone } from '../in-zone.test-helper.js';

// Decision 052: the formats the user reads, written by hand, against Intl as the oracle. The
// oracle's own calls happen here, in the test; what is tested makes none (last test).

const HOUR = 3600_000;
const YEAR_START = Date.UTC(2026, 0, 1);
// A DST zone (gaps and repeated hours), a half-hour one, a 45-minute one and Indonesia's east.
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Jayapura', 'UTC'];

const oracleFormats = {
  dayTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  dateTime: { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
  dayMonth: { day: 'numeric', month: 'long' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Intl id-ID formatters of a zone, the three styles the format module writes. */
function oracle(tz: string): Record<keyof typeof oracleFormats, (ms: number) => string> {
  const f = (o: Intl.DateTimeFormatOptions) => {
    const dtf = new Intl.DateTimeFormat('id-ID', { timeZone: tz, ...o });
    return (ms: number) => dtf.format(ms);
  };
  return { dayTime: f(oracleFormats.dayTime), dateTime: f(oracleFormats.dateTime), dayMonth: f(oracleFormats.dayMonth) };
}

test('every hour of a year in each zone (its own process zone) reads as Intl id-ID writes it', () => {
  for (const tz of ZONES) {
    const o = oracle(tz);
    const expected: string[][] = [];
    for (let at = YEAR_START; at < YEAR_START + 366 * 24 * HOUR; at += HOUR + 61_001) {
      expected.push([o.dayTime(at), o.dateTime(at), o.dayMonth(at), String(at)]);
    }
    inZone(tz, () => {
      for (const [dt, full, dm, at] of expected) {
        const ms = Number(at);
        assert.equal(dayTime(ms, tz), dt, `${tz} ${at}`);
        assert.equal(dateTime(ms, tz), full, `${tz} ${at}`);
        assert.equal(dayMonth(ms, tz), dm, `${tz} ${at}`);
      }
    });
  }
});

test('the zone arithmetic gives the same answers through the Date getters as through Intl', () => {
  for (const tz of ZONES) {
    const viaIntl: string[] = [];
    const instants: number[] = [];
    for (let at = YEAR_START; at < YEAR_START + 366 * 24 * HOUR; at += 7 * HOUR + 1234) instants.push(at);
    // Around Berlin's and New York's DST changes, every 10 minutes.
    for (const edge of [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)]) {
      for (let at = edge - 3 * HOUR; at <= edge + 3 * HOUR; at += 600_000) instants.push(at);
    }
    const answers = (at: number) => JSON.stringify([clock(at, tz, { date: true, seconds: true }), localDay(at, tz), zonedParts(at, tz), zoneOffsetMs(at, tz)]);
    const walls = [[2026, 3, 29, 2, 30], [2026, 10, 25, 2, 30], [2026, 3, 8, 2, 30], [2026, 11, 1, 1, 30], [2026, 12, 6, 7, 4]] as const;
    // Another process zone: these go through Intl.
    const wallsViaIntl = inZone('Pacific/Chatham', () => {
      for (const at of instants) viaIntl.push(answers(at));
      return walls.map(([y, m, d, hh, mm]) => zonedToUtc(y, m, d, hh, mm, tz));
    });
    inZone(tz, () => {
      instants.forEach((at, i) => assert.equal(answers(at), viaIntl[i], `${tz} ${new Date(at).toISOString()}`));
      walls.forEach(([y, m, d, hh, mm], i) => assert.equal(zonedToUtc(y, m, d, hh, mm, tz), wallsViaIntl[i], `${tz} ${y}-${m}-${d} ${hh}:${mm}`));
    });
  }
});

test('numbers read as toLocaleString("id-ID") writes them: grouping, decimal comma, rounding, signs', () => {
  const values = [0, -0, 1, -1, 5, 999, 1000, 1234, -1234.5, 1234567.891, 1.15, 1.25, 2.675, 0.05, 0.95, 9.95, 99.95, 999.9999, -0.04, -0.05, 0.0001, 1e-7,
    1.5e-10, 123.4567, 1e15, 123456789012345680000, 1e21, 1.7976931348623157e308, 5e-324, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity, 12.5, 7.6, 0.4];
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 3000; i += 1) {
    const magnitude = 10 ** Math.floor(random() * 14 - 4);
    const v = (random() - 0.3) * magnitude;
    values.push(v, Math.round(v * 1000) / 1000, Math.round(v * 20) / 20);
  }
  for (const v of values) {
    for (const digits of [0, 1, 2, 3]) assert.equal(formatNumber(v, digits), v.toLocaleString('id-ID', { maximumFractionDigits: digits }), `${v} with ${digits}`);
    assert.equal(formatNumber(v), v.toLocaleString('id-ID'), String(v));
    assert.equal(percent(v), `${v.toLocaleString('id-ID', { maximumFractionDigits: 1 })}%`, String(v));
  }
});

test('formatting in the process zone and numbers make no Intl call', (t) => {
  const calls: string[] = [];
  const DTF = Intl.DateTimeFormat;
  const toLocale = Number.prototype.toLocaleString;
  t.after(() => {
    Intl.DateTimeFormat = DTF;
    Number.prototype.toLocaleString = toLocale;
  });
  Intl.DateTimeFormat = new Proxy(DTF, { construct: (target, args) => (calls.push('DateTimeFormat'), Reflect.construct(target, args)) });
  Number.prototype.toLocaleString = function traced(this: number, ...args: Parameters<typeof toLocale>) {
    calls.push('toLocaleString');
    return toLocale.apply(this, args);
  };
  // A zone nothing else in this file formats in, so no cached Intl formatter hides a call.
  const tz = 'America/Sao_Paulo';
  inZone(tz, () => {
    const at = Date.UTC(2026, 11, 5, 23, 30, 15);
    assert.equal(dayTime(at, tz), 'Sab, 5 Des, 20.30');
    assert.equal(dateTime(at, tz), '5/12/2026, 20.30.15');
    assert.equal(dayMonth(at, tz), '5 Desember');
    assert.equal(clock(at, tz, { date: true }), '05/12 20:30');
    assert.equal(zonedToUtc(2026, 12, 5, 20, 30, tz), Date.UTC(2026, 11, 5, 23, 30));
    assert.equal(percent(12.45), '12,5%');
    assert.equal(formatNumber(1234567), '1.234.567');
  });
  assert.deepEqual(calls, []);
});
