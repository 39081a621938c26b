/**
 * Pure parsers for the disk clean-ups (issue 19 point 8), each checked against real output
 * kept in libs/adapters/samples (where each came from: samples/clean-samples.md).
 */

/** systemd's format_bytes units (1024-based), as `journalctl --disk-usage` and `--vacuum-size` print them. */
const SYSTEMD_UNITS: Readonly<Record<string, number>> = { B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5, E: 1024 ** 6 };

/** "0B", "512B", "16.0M", "1.5G" → bytes (rounded to whole bytes); undefined for anything else. */
export function parseSystemdBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([BKMGTPE])$/.exec(text.trim());
  return m ? Math.round(Number(m[1]) * SYSTEMD_UNITS[m[2]!]!) : undefined;
}

/** `journalctl --disk-usage` (systemd 252/255): "Archived and active journals take up 48.0M in the file system." */
export function parseJournalDiskUsage(stdout: string): number | undefined {
  const m = /take up (\S+) in the file ?system/.exec(stdout);
  return m ? parseSystemdBytes(m[1]!) : undefined;
}

/** `journalctl --vacuum-size=N` (stderr): "Vacuuming done, freed 16.0M of archived journals from /var/log/journal/…". */
export function parseJournalVacuum(output: string): { freedBytes: number | undefined; deleted: number } {
  const m = /Vacuuming done, freed (\S+) of archived journals/.exec(output);
  return { freedBytes: m ? parseSystemdBytes(m[1]!) : undefined, deleted: output.split('\n').filter((l) => l.startsWith('Deleted archived journal ')).length };
}

/** `apt-config shell ARCHIVES Dir::Cache::archives/d` → the folder apt keeps downloaded .deb files in. */
export function parseAptConfigShell(stdout: string, name = 'ARCHIVES'): string | undefined {
  const m = new RegExp(`^${name}='([^']*)'$`, 'm').exec(stdout);
  return m?.[1] ? m[1] : undefined;
}

export interface AutoremovePlan {
  /** Package names (without `:arch`) that `apt-get autoremove` would remove. */
  packages: string[];
  /** The summary line's "N to remove", when present. */
  toRemove: number | undefined;
}

/** `apt-get -s autoremove` (apt 2.6/2.7): one "Remv NAME [VERSION]" line per package, and the summary. */
export function parseAutoremoveSimulation(stdout: string): AutoremovePlan {
  const packages: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^Remv (\S+?)(?::[a-z0-9-]+)? \[/.exec(line);
    if (m) packages.push(m[1]!);
  }
  const s = /^\d+ upgraded, \d+ newly installed, (\d+) to remove/m.exec(stdout);
  return { packages, toRemove: s ? Number(s[1]) : undefined };
}

/** `dpkg-query -W -f='${Package}\t${Installed-Size}\n' -- NAMES…`: Installed-Size is in KiB. */
export function parseDpkgSizes(stdout: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\t(\d*)$/.exec(line);
    if (m) sizes.set(m[1]!, (sizes.get(m[1]!) ?? 0) + Number(m[2] || 0) * 1024);
  }
  return sizes;
}

/** `du -c -B1 -- FILES…` (GNU coreutils 9.x): the last line "<bytes>\ttotal". */
export function parseDuTotal(stdout: string): number | undefined {
  const m = /^(\d+)\ttotal$/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

export interface DfRow {
  sizeBytes: number;
  usedBytes: number;
  availBytes: number;
  /** The mount point ("Mounted on"). */
  target: string;
}

/** `df -B1 --output=size,used,avail,target -- PATHS…` (GNU coreutils 9.x): a header, then one row per path. */
export function parseDf(stdout: string): DfRow[] {
  const rows: DfRow[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\/.*)$/.exec(line);
    if (m) rows.push({ sizeBytes: Number(m[1]), usedBytes: Number(m[2]), availBytes: Number(m[3]), target: m[4]! });
  }
  return rows;
}
