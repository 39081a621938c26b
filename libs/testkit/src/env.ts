import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '@potion/platform';

/** A config for tests: everything under a fresh temp folder, short stall timers. */
export function testConfig(overrides: Record<string, string> = {}): Config & { env: Record<string, string> } {
  const root = mkdtempSync(join(tmpdir(), 'potion-test-'));
  const env: Record<string, string> = {
    ENV_FILE: join(root, 'none.env'),
    DATA_DIR: join(root, 'data'),
    HDD_MOUNT: join(root, 'hdd'),
    ADMIN_IDS: '1001',
    VIEWER_IDS: '2002',
    SERVICES_WHITELIST: 'n8n.service,cloudflared.service',
    JOB_LOCK_MS: '1500',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
  return { ...loadConfig({ env, cwd: root }), env };
}
