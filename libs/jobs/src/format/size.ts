/**
 * Sizes in binary units with the Indonesian decimal comma ("1,5 GB"), the one size wording
 * (docs/decisions/033-one-format-module-and-telegram-html.md).
 */
import { formatNumber } from './id-locale.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** A decimal with the Indonesian comma: 1 digit under 100, none above ("1,5", "230"). */
function decimal(v: number): string {
  return (v >= 100 ? v.toFixed(0) : v.toFixed(1)).replace('.', ',');
}

/** "512 B", "3,4 KB", "1,5 GB", "230 GB": the largest unit under 1024. */
export function size(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let v = bytes / 1024;
  let i = 1;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${decimal(v)} ${UNITS[i]}`;
}

/** Always in GB ("0,4 GB", "7,6 GB"): RAM and disks, so a column compares at a glance. */
export function gigabytes(bytes: number): string {
  return `${decimal(bytes / 1024 ** 3)} GB`;
}

/** A percentage with the Indonesian comma, at most one decimal ("12,5%"). */
export function percent(n: number): string {
  return `${formatNumber(n, 1)}%`;
}
