import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the generated password is kept when DASHBOARD_PASSWORD is not set. */
export function passwordFilePath(dataDir: string): string {
  return join(dataDir, 'dashboard-password');
}

export interface DashboardPassword {
  password: string;
  /** `env`: DASHBOARD_PASSWORD; `file`: generated earlier or now, kept in `file`. */
  source: 'env' | 'file';
  /** The password file, when the password lives in one. */
  file: string | undefined;
  /** True when this call generated the password. */
  created: boolean;
}

/**
 * The dashboard's password: DASHBOARD_PASSWORD when set, otherwise the one kept in
 * DATA_DIR/dashboard-password, generated (24 random bytes, base64url) on first use. The file
 * is created with O_EXCL and mode 600, and set back to 600 when found looser, so only the
 * owner (the service user) can read it. There is never a default password.
 */
export function ensureDashboardPassword(opts: { password: string | undefined; dataDir: string }): DashboardPassword {
  if (opts.password) return { password: opts.password, source: 'env', file: undefined, created: false };
  const file = passwordFilePath(opts.dataDir);
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  try {
    const password = randomBytes(24).toString('base64url');
    writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
    return { password, source: 'file', file, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (password.length < 12) {
    throw new Error(`${file} holds a password shorter than 12 characters; delete the file to have a new one generated`);
  }
  return { password, source: 'file', file, created: false };
}
