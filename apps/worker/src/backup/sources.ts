import { existsSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { BackupConfig } from '@potion/platform';

/** Never copied unless BACKUP_INCLUDE_SECRETS=true: the bot token and keys would sit on the HDD. */
export const SECRET_PATTERNS: readonly string[] = ['.env', '.env.*', '*.pem', '*.key', 'id_rsa*', 'id_ed25519*', 'id_ecdsa*', '.netrc'];
/** Kept although a secret pattern matches: templates without values. */
export const SECRET_EXCEPTIONS: readonly string[] = ['.env.example', '.env.sample'];
/** Rebuilt by `npm ci`, large, and not worth an HDD. */
export const ALWAYS_EXCLUDED: readonly string[] = ['node_modules/'];

/** System files the PRD asks to keep a copy of (unit files, fstab). */
export async function systemFiles(etc = '/etc'): Promise<string[]> {
  const out: string[] = [];
  if (existsSync(join(etc, 'fstab'))) out.push(join(etc, 'fstab'));
  const units = join(etc, 'systemd', 'system');
  if (existsSync(units)) {
    for (const n of (await readdir(units)).sort()) if (/^potion[\w@.-]*\.(service|timer)$/.test(n)) out.push(join(units, n));
  }
  return out;
}

export interface ResolvedSources {
  /** Existing absolute paths, symlinks resolved, none inside another. */
  sources: string[];
  /** Configured paths that do not exist (reported, not fatal). */
  missing: string[];
  includes: string[];
  excludes: string[];
}

const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

/**
 * The sources and rsync filters of one run. BACKUP_DIR and HDD_MOUNT are excluded by full
 * path (with --relative the transfer root is "/"), so a backup never copies itself.
 */
export async function resolveSources(cfg: BackupConfig, backupDir: string, hddMount: string, etc = '/etc'): Promise<ResolvedSources> {
  const wanted = [...cfg.sources, ...(cfg.defaultSources ? await systemFiles(etc) : [])];
  const missing: string[] = [];
  const real: string[] = [];
  for (const p of wanted) {
    if (!existsSync(p)) {
      missing.push(p);
      continue;
    }
    real.push(await realpath(p));
  }
  const sorted = [...new Set(real)].sort((a, b) => a.length - b.length);
  const sources = sorted.filter((p, i) => !sorted.slice(0, i).some((q) => inside(p, q)));
  const excludes = [...ALWAYS_EXCLUDED, ...(cfg.includeSecrets ? [] : SECRET_PATTERNS), ...cfg.excludes];
  for (const p of [backupDir, hddMount]) {
    const r = existsSync(p) ? await realpath(p) : p;
    if (sources.some((s) => inside(r, s))) excludes.push(r.replace(/\/+$/, '') + '/');
  }
  const includes = cfg.includeSecrets ? [] : [...SECRET_EXCEPTIONS];
  return { sources, missing, includes, excludes };
}
