import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pgDump, pgDumpEntries, pgErrorText, sha256FileWithStat, sqliteErrorText, sqliteIntegrityCheck, sqliteVacuumInto, type Runner } from '@potion/adapters';
import { UserFacingError } from '../runtime/errors.js';
import { DUMPS_DIR, removeTree } from './layout.js';
import type { DumpEntry } from './manifest.js';

export interface DumpOptions {
  /** The snapshot folder being written (`.partial-<name>`): dumps go into its dumps/. */
  partial: string;
  /** BACKUP_SQLITE: absolute paths of live SQLite databases. */
  sqlite: readonly string[];
  /** BACKUP_PG: PostgreSQL database names. */
  pg?: readonly string[];
  runner: Runner;
  /** How long a dump waits for a lock another program holds. Default 60 s. */
  busyMs?: number;
  /**
   * True for the safety snapshot of a restore: a database that cannot be dumped (gone or
   * broken: often why the user restores) is reported, not fatal, so the restore can go on.
   */
  tolerant?: boolean;
  signal?: AbortSignal;
  onProgress?: (label: string) => void | Promise<void>;
}

export interface DumpFailure {
  source: string;
  reason: string;
  fix: string;
}

/** The name of the i-th dump: its position (unique) and the database's file name (readable). */
export const dumpFileName = (i: number, source: string): string => `${i + 1}-${basename(source).replace(/[^A-Za-z0-9._-]/g, '_')}`;

/** SQLite's or pg_dump's reason in casual Indonesian, with what to do about it. */
function explain(raw: string, tool: 'sqlite3' | 'pg_dump' = 'sqlite3'): { reason: string; fix: string } {
  if (/sqlite3 is not installed/i.test(raw)) return { reason: 'program sqlite3 belum terpasang', fix: 'pasang dulu: sudo apt install sqlite3' };
  if (/(pg_dump|pg_restore) is not installed/i.test(raw)) return { reason: 'program pg_dump belum terpasang', fix: 'pasang dulu: sudo apt install postgresql-client' };
  if (/database "[^"]*" does not exist/i.test(raw)) return { reason: `database-nya tidak ada di PostgreSQL (${raw})`, fix: 'cek namanya di BACKUP_PG (.env) dengan: sudo -u postgres psql -l' };
  if (/role "[^"]*" does not exist|permission denied|authentication failed|password/i.test(raw)) {
    return { reason: `worker tidak boleh membaca database ini (${raw})`, fix: 'beri izin baca, lihat panduan: sudo -u postgres createuser potion, lalu GRANT pg_read_all_data TO potion' };
  }
  if (/could not connect|connection to server|No such file or directory/i.test(raw)) {
    return { reason: `server PostgreSQL tidak bisa dihubungi (${raw})`, fix: 'cek service-nya jalan: systemctl status postgresql' };
  }
  if (/lock/i.test(raw) && /timeout|could not obtain/i.test(raw)) {
    return { reason: 'tabelnya dikunci program lain terlalu lama', fix: 'coba backup lagi sebentar lagi; kalau terus begini, cek service yang memakai database itu' };
  }
  if (/locked|busy/i.test(raw)) {
    return { reason: 'database-nya dikunci program lain terlalu lama', fix: 'coba backup lagi sebentar lagi; kalau terus begini, cek service yang memakai database itu' };
  }
  if (/not a database|malformed|corrupt|integrity/i.test(raw)) {
    return { reason: `database-nya rusak atau bukan file SQLite (${raw})`, fix: 'JANGAN hapus snapshot lama: restore database-nya dari snapshot yang masih bagus' };
  }
  if (/unable to open|permission|readonly/i.test(raw)) {
    return { reason: `file-nya tidak bisa dibuka (${raw})`, fix: 'cek izin file-nya (ls -l), worker harus bisa membacanya' };
  }
  return { reason: `${tool} bilang: ${raw}`, fix: 'cek database-nya, lalu backup lagi' };
}

/** The dump's entry: its hash and what identifies the bytes on disk. */
async function entryOf(kind: DumpEntry['kind'], source: string, dir: string, file: string, signal?: AbortSignal): Promise<DumpEntry> {
  const h = await sha256FileWithStat(join(dir, file), signal);
  return { kind, source, file, size: h.bytes, mtimeNs: h.mtimeNs, mode: h.mode, sha256: h.sha256 };
}

/** One PostgreSQL database: pg_dump (custom format), then its table of contents read back whole. */
async function dumpPg(o: DumpOptions, dir: string, i: number, name: string): Promise<DumpEntry | DumpFailure> {
  const file = `${i + 1}-pg-${name.replace(/[^A-Za-z0-9._-]/g, '_')}.dump`;
  const dest = join(dir, file);
  const signal = o.signal ? { signal: o.signal } : {};
  try {
    await pgDump(o.runner, { db: name, dest, lockWaitMs: o.busyMs ?? 60_000, ...signal });
    if ((await pgDumpEntries(o.runner, dest, signal)) === 0) {
      return { source: name, reason: 'dump-nya kosong (pg_restore --list tidak menemukan isinya)', fix: 'cek database-nya dengan: sudo -u postgres psql -d NAMA -c "\\dt"' };
    }
  } catch (err) {
    if (o.signal?.aborted) throw err;
    return { source: name, ...explain(pgErrorText(err), 'pg_dump') };
  }
  return entryOf('pg', name, dir, file, o.signal);
}

/** One SQLite database: checks it is a file, copies it with VACUUM INTO, checks the copy, hashes it. */
async function dumpSqlite(o: DumpOptions, dir: string, i: number, source: string): Promise<DumpEntry | DumpFailure> {
  const st = await stat(source).catch((err: NodeJS.ErrnoException) => err);
  // sqlite3 would quietly create an empty database at a missing path: never let it.
  if (st instanceof Error) {
    return st.code === 'ENOENT'
      ? { source, reason: 'file-nya tidak ada', fix: 'cek path-nya di BACKUP_SQLITE (.env); kalau database itu sudah tidak dipakai, hapus dari daftar' }
      : { source, ...explain(st.message) };
  }
  if (!st.isFile()) return { source, reason: 'itu bukan file database', fix: 'BACKUP_SQLITE harus berisi path file database-nya (misalnya .../database.sqlite), bukan folder' };
  const file = dumpFileName(i, source);
  const dest = join(dir, file);
  const signal = o.signal ? { signal: o.signal } : {};
  try {
    await sqliteVacuumInto(o.runner, { db: source, dest, busyMs: o.busyMs ?? 60_000, ...signal });
  } catch (err) {
    if (o.signal?.aborted) throw err;
    return { source, ...explain(sqliteErrorText(err)) };
  }
  const check = await sqliteIntegrityCheck(o.runner, dest, signal).catch((err: unknown) => ({ ok: false, problems: [sqliteErrorText(err)] }));
  if (!check.ok) return { source, ...explain(`integrity_check: ${check.problems.slice(0, 3).join('; ')}`) };
  return entryOf('sqlite', source, dir, file, o.signal);
}

/**
 * Dumps every configured database (SQLite files, then PostgreSQL databases) into
 * `<partial>/dumps/` (made afresh each run). A dump
 * that fails throws a UserFacingError naming each database and why, so no snapshot without
 * its dumps is ever finished; with `tolerant` the failures are returned instead.
 */
export async function dumpDatabases(o: DumpOptions): Promise<{ dumps: DumpEntry[]; failed: DumpFailure[] }> {
  const dir = join(o.partial, DUMPS_DIR);
  await removeTree(dir);
  const todo = [...o.sqlite.map((source) => ({ kind: 'sqlite' as const, source })), ...(o.pg ?? []).map((source) => ({ kind: 'pg' as const, source }))];
  if (todo.length === 0) return { dumps: [], failed: [] };
  await mkdir(dir, { recursive: true });
  const dumps: DumpEntry[] = [];
  const failed: DumpFailure[] = [];
  for (const [i, t] of todo.entries()) {
    await o.onProgress?.(`dump database ${i + 1}/${todo.length}: ${basename(t.source)}`);
    const r = t.kind === 'sqlite' ? await dumpSqlite(o, dir, i, t.source) : await dumpPg(o, dir, i, t.source);
    if ('reason' in r) failed.push(r);
    else dumps.push(r);
  }
  if (failed.length > 0 && !o.tolerant) {
    await removeTree(dir);
    throw new UserFacingError(dumpFailedText(failed), { permanent: true, retryLater: false });
  }
  return { dumps, failed };
}

/** The loud refusal: which database, why, and what to do; the old snapshots are untouched. */
export function dumpFailedText(failed: readonly DumpFailure[]): string {
  const lines = [
    failed.length === 1 ? 'Backup GAGAL ❌: database ini tidak bisa di-dump dengan aman:' : `Backup GAGAL ❌: ${failed.length} database tidak bisa di-dump dengan aman:`,
    ...failed.map((f) => `• ${f.source}: ${f.reason}.\n  Cara beresin: ${f.fix}.`),
    'Tanpa dump itu snapshot-nya tidak bisa dipercaya, jadi tidak aku simpan. Snapshot lama aman.',
  ];
  return lines.join('\n');
}
