import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSha256Sums, sha256File, sha256SmallFileSync, sha256SumsChunks, sha256SumsLine } from './hashing.js';

const NAMES = [Buffer.from('plain.txt'), Buffer.from('with space'), Buffer.from('new\nline'), Buffer.from('back\\slash'), Buffer.from('cr\rname'), Buffer.from([0x62, 0xff, 0xfe])];

describe('hashing', () => {
  it('streams a file larger than one chunk to the same sha256 as a one-shot hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-hash-'));
    try {
      const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
      writeFileSync(join(dir, 'f'), data);
      const r = await sha256File(join(dir, 'f'));
      assert.equal(r.sha256, createHash('sha256').update(data).digest('hex'));
      assert.equal(r.bytes, data.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes SHA256SUMS lines byte for byte like GNU sha256sum, and sha256sum -c accepts them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-sums-'));
    try {
      const lines: Buffer[] = [];
      for (const [i, n] of NAMES.entries()) {
        const p = Buffer.concat([Buffer.from(`${dir}/`), n]);
        writeFileSync(p, `content ${i}`);
        lines.push(sha256SumsLine((await sha256File(p)).sha256, n));
      }
      const ours = Buffer.concat(lines);
      // The shell expands the names as raw bytes (a test may use one; product code never does).
      const theirs = execFileSync('sh', ['-c', 'LC_ALL=C sha256sum -- *'], { cwd: dir, encoding: 'buffer' });
      writeFileSync(join(dir, 'SHA256SUMS'), ours);
      execFileSync('sha256sum', ['-c', '--strict', '--quiet', 'SHA256SUMS'], { cwd: dir });
      assert.deepEqual(parseSha256Sums(ours).map((e) => e.name), NAMES);
      const sortLines = (b: Buffer) => parseSha256Sums(b).map((e) => `${e.sha256} ${e.name.toString('hex')}`).sort();
      assert.deepEqual(sortLines(ours), sortLines(theirs));
      const byName = (b: Buffer) => b.toString('latin1').split(/(?<=\n)(?=\\?[0-9a-f]{64}  )/).sort();
      assert.deepEqual(byName(ours), byName(theirs), 'same bytes, line for line');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a whole SHA256SUMS in chunks with exactly the bytes of one line per file, odd names and a prefix included', () => {
    // Enough plain names to cross a chunk boundary, with the odd names spread between them.
    const lines: { sha256: string; name: Buffer }[] = [];
    for (let i = 0; i < 12_000; i += 1) {
      const odd = NAMES[i % 2000 === 0 ? (i / 2000) % NAMES.length : 0]!;
      lines.push({ sha256: createHash('sha256').update(String(i)).digest('hex'), name: Buffer.concat([Buffer.from(`dir ${i}/`), odd]) });
    }
    const expected = Buffer.concat(lines.map((l) => sha256SumsLine(l.sha256, Buffer.concat([Buffer.from('data/'), l.name]))));
    const chunks = [...sha256SumsChunks(lines, 'data/')];
    assert.ok(chunks.length > 2, 'more than one chunk');
    assert.ok(Buffer.concat(chunks).equals(expected));
    assert.equal(Buffer.concat([...sha256SumsChunks([])]).length, 0);
  });

  it('hashes a small file synchronously with the identity of what it read, leaves a larger one to the streaming hash, and refuses symlinks and FIFOs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'potion-hash-sync-'));
    try {
      const data = Buffer.alloc(1024 * 1024 + 5, 3);
      writeFileSync(join(dir, 'f'), data);
      const r = sha256SmallFileSync(join(dir, 'f'));
      assert.notEqual(r, 'too-big');
      if (r === 'too-big') return;
      assert.equal(r.sha256, (await sha256File(join(dir, 'f'))).sha256);
      assert.equal(r.bytes, data.length);
      assert.equal(r.ino, String(statSync(join(dir, 'f')).ino));
      assert.equal(sha256SmallFileSync(join(dir, 'f'), 1024), 'too-big');
      symlinkSync('f', join(dir, 'link'));
      assert.throws(() => sha256SmallFileSync(join(dir, 'link')), /ELOOP/);
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      assert.throws(() => sha256SmallFileSync(join(dir, 'fifo')), /not a regular file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
