/**
 * Parses /proc/self/mountinfo and tells whether `path` is a mount point of its own.
 * Fields: id parent major:minor root mountpoint options ... - fstype source superopts.
 * Mount points escape space, tab, newline and backslash as octal (\040 ...).
 */
export function parseMountInfo(text: string): { mountPoint: string; fsType: string; source: string }[] {
  const out: { mountPoint: string; fsType: string; source: string }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const parts = line.split(' ');
    const sep = parts.indexOf('-');
    if (parts.length < 5 || sep < 0) continue;
    out.push({
      mountPoint: unescapeOctal(parts[4]!),
      fsType: parts[sep + 1] ?? '',
      source: unescapeOctal(parts[sep + 2] ?? ''),
    });
  }
  return out;
}

function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function isMountPoint(mountinfo: string, path: string): boolean {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return parseMountInfo(mountinfo).some((m) => m.mountPoint === p);
}
