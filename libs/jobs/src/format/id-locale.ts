/**
 * The Indonesian words and numbers of ICU's id-ID locale, written out by hand so the normal
 * paths never touch Intl: its first use maps ICU's data into the process for good, ~8 MB RSS
 * (docs/decisions/052-no-icu-on-the-normal-path.md). Tested against Intl as the oracle.
 */

/** Short weekdays, Sunday first ("Min", "Sen", ...), as `weekday: 'short'` writes them. */
export const WEEKDAYS_SHORT = ['Min', 'Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab'] as const;

/** Short months, January first, as `month: 'short'` writes them. */
export const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'] as const;

/** Long months, January first, as `month: 'long'` writes them. */
export const MONTHS_LONG = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;

/** The digits of |n| in plain decimal notation ("1.5e-7" -> "0.00000015"), shortest round-trip. */
function plainDigits(n: number): string {
  const s = String(Math.abs(n));
  const e = s.indexOf('e');
  if (e < 0) return s;
  const [int = '', frac = ''] = s.slice(0, e).split('.');
  const digits = int + frac;
  const point = int.length + Number(s.slice(e + 1));
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Adds one unit in the last place of a string of decimal digits ("199" -> "200"). */
function increment(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i -= 1) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

/**
 * `n.toLocaleString('id-ID', { maximumFractionDigits })` without Intl: "1.234.567,9", "-0,5",
 * "12". Like ICU it rounds the shortest decimal form of the double half away from zero
 * (1.15 -> "1,2" where toFixed gives "1.1") and keeps the sign of a negative that rounds to 0.
 */
export function formatNumber(n: number, maximumFractionDigits = 3): string {
  if (Number.isNaN(n)) return 'NaN';
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  if (!Number.isFinite(n)) return `${sign}∞`;
  const [int = '0', frac = ''] = plainDigits(n).split('.');
  let whole = int;
  let kept = frac.slice(0, maximumFractionDigits);
  if (frac.length > maximumFractionDigits && frac.charCodeAt(maximumFractionDigits) >= 53 /* '5' */) {
    const rounded = increment(whole + kept);
    whole = rounded.slice(0, rounded.length - kept.length);
    kept = rounded.slice(rounded.length - kept.length);
  }
  kept = kept.replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, '.');
  return `${sign}${grouped}${kept ? `,${kept}` : ''}`;
}
