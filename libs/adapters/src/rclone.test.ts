import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineSplitter, parseCheckLines, parseListRemotes, parseRcloneLine, rcloneProblem, rcloneSyncArgs, remoteJoin, remoteName, type RcloneStats } from './rclone.js';
import { sample } from './sample.test-helper.js';

const lines = (name: string) => sample(name).split('\n').filter((l) => l.trim());

test('rclone sync --use-json-log stats lines give bytes, totals and speed (real rclone 1.60 output)', () => {
  const stats = lines('rclone-sync-stats.jsonl').map(parseRcloneLine).flatMap((p) => (p?.kind === 'stats' ? [p.stats] : []));
  assert.equal(stats.length, 3);
  assert.equal(stats[0]!.totalBytes, 30000003);
  assert.ok(stats[0]!.bytes > 0 && stats[0]!.bytes < stats[0]!.totalBytes);
  assert.equal(stats[0]!.etaSec, null, 'rclone says "eta": null before it knows');
  const last = stats.at(-1)!;
  assert.equal(last.bytes, 30000003);
  assert.equal(last.transfers, 2);
  assert.equal(last.totalTransfers, 2);
  assert.equal(last.errors, 0);
  assert.ok(last.speed > 0);
});

test('a line split across chunks is parsed once whole', () => {
  const text = sample('rclone-sync-stats.jsonl');
  const got: RcloneStats[] = [];
  const split = lineSplitter((l) => {
    const p = parseRcloneLine(l);
    if (p?.kind === 'stats') got.push(p.stats);
  });
  for (let i = 0; i < text.length; i += 37) split.push(text.slice(i, i + 37));
  split.end();
  assert.equal(got.length, 3);
});

test('a remote missing from rclone.conf, a missing config file and a refused login are not worth a retry', () => {
  const notConf = lines('rclone-not-configured.txt').map(parseRcloneLine);
  assert.equal(notConf[0]?.kind, 'fatal');
  assert.match(notConf[0]?.kind === 'fatal' ? notConf[0].msg : '', /^Failed to create file system for "nope:x"/);
  assert.equal(rcloneProblem(notConf.flatMap((p) => (p?.kind === 'fatal' ? [p.msg] : []))), 'not-configured');
  const auth = lines('rclone-auth-failed.txt').map(parseRcloneLine).flatMap((p) => (p?.kind === 'fatal' ? [p.msg] : []));
  assert.equal(rcloneProblem(auth), 'auth');
  assert.equal(rcloneProblem(['Config file "/x/rclone.conf" not found - using defaults']), 'not-configured');
  assert.equal(rcloneProblem(['Failed to copy: connection reset by peer']), 'other');
});

test('rclone check: differences, missing files and the differing names (real output)', () => {
  const s = parseCheckLines(lines('rclone-check-differ.jsonl'));
  assert.deepEqual({ matched: s?.matched, differences: s?.differences, missing: s?.missing, matching: s?.matching }, { matched: false, differences: 3, missing: 2, matching: 0 });
  assert.deepEqual(s?.samples, ['a/big.bin: file not in Local file system at /tmp/rc/dst/latest', 'a/new.txt: file not in Local file system at /tmp/rc/dst/latest', 'a/small.txt: sizes differ']);
});

test('rclone check on a crypt remote without cryptcheck: no common hash, sizes only', () => {
  const s = parseCheckLines(lines('rclone-check-nohash.jsonl'));
  assert.equal(s?.matched, true);
  assert.equal(s?.noHash, true);
  assert.equal(s?.notHashed, 2);
  assert.equal(parseCheckLines(lines('rclone-not-configured.txt')), undefined, 'no summary: not an answer');
});

test('listremotes --long gives names and types; remote names and paths join like rclone expects', () => {
  const m = parseListRemotes(sample('rclone-listremotes.txt'));
  assert.deepEqual([...m], [['cr', 'crypt'], ['sf', 'sftp'], ['sfbad', 'sftp']]);
  assert.equal(remoteName('gdrive-crypt:potion/backup'), 'gdrive-crypt');
  assert.equal(remoteJoin('gdrive-crypt:', 'latest'), 'gdrive-crypt:latest');
  assert.equal(remoteJoin('gdrive-crypt:potion', 'latest'), 'gdrive-crypt:potion/latest');
});

test('sync arguments: explicit config, JSON log, stats, no secret, bandwidth limit when set', () => {
  const a = rcloneSyncArgs('/hdd/snap', 'r:latest', { configPath: '/home/p/.config/rclone/rclone.conf', timeoutMs: 1, bwlimit: '2M' });
  assert.deepEqual(a.slice(0, 3), ['sync', '/hdd/snap', 'r:latest']);
  assert.ok(a.includes('--use-json-log'));
  assert.equal(a[a.indexOf('--config') + 1], '/home/p/.config/rclone/rclone.conf');
  assert.equal(a[a.indexOf('--bwlimit') + 1], '2M');
  assert.ok(!rcloneSyncArgs('/a', 'r:', { configPath: '/c', timeoutMs: 1 }).includes('--bwlimit'));
});
