import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuPercent, parseMeminfo, parseProcStat } from './proc-stats.js';

// /proc/stat and /proc/meminfo of an i5-4210U (2 cores, 4 threads) on Ubuntu 24.04, kernel 6.8.
const STAT_1 = `cpu  84211 1203 30122 9120033 5021 0 1870 0 0 0
cpu0 21001 300 7600 2279000 1300 0 900 0 0 0
cpu1 21100 301 7500 2280100 1240 0 320 0 0 0
cpu2 21010 302 7522 2280433 1231 0 330 0 0 0
cpu3 21100 300 7500 2280500 1250 0 320 0 0 0
intr 1234567 0 0
ctxt 7654321
btime 1764054000
processes 12345
`;
const STAT_2 = STAT_1.replace('cpu  84211 1203 30122 9120033 5021', 'cpu  84571 1203 30182 9120063 5021');

const MEMINFO = `MemTotal:        7990000 kB
MemFree:          412000 kB
MemAvailable:    3100000 kB
Buffers:          120000 kB
Cached:          2500000 kB
SwapCached:            0 kB
SwapTotal:       2097148 kB
SwapFree:        1997148 kB
`;

describe('/proc parsers of the sampler', () => {
  it('CPU busy % is the share of non-idle jiffies between two readings, with the core count', () => {
    const a = parseProcStat(STAT_1)!;
    const b = parseProcStat(STAT_2)!;
    assert.equal(a.cores, 4);
    // 360 user + 60 system busy, 30 idle: 420 / 450.
    assert.equal(Math.round(cpuPercent(a, b) * 10) / 10, 93.3);
  });

  it('the first reading gives the average since boot, and a counter that did not move gives 0', () => {
    const a = parseProcStat(STAT_1)!;
    assert.ok(cpuPercent(undefined, a) > 0 && cpuPercent(undefined, a) < 2);
    assert.equal(cpuPercent(a, a), 0);
  });

  it('meminfo gives total, free, available and swap in bytes', () => {
    const m = parseMeminfo(MEMINFO);
    assert.equal(m.totalBytes, 7990000 * 1024);
    assert.equal(m.availableBytes, 3100000 * 1024);
    assert.equal(m.swapTotalBytes - m.swapFreeBytes, 100000 * 1024);
  });
});
