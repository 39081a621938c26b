import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { waitFor } from '@potion/testkit';
import { REPO, run, type Ran } from '../harness/deploy-helpers.js';
import type { Container } from './container.js';
import { CHECKOUT } from './installed.js';

export const WORKER_UNIT = 'potion-runner-worker.service';
const ENV = '/opt/potion-runner/.env';

/** Copies the built checkout into a container's root before it boots (a user's clone after npm ci && npm run build). */
export function copyCheckout(c: Container): void {
  const dest = join(c.root, CHECKOUT.slice(1));
  mkdirSync(dest, { recursive: true });
  const copy = run('rsync', ['-a', '--exclude=/.git', '--exclude=test-artifacts/', `${REPO}/`, `${dest}/`], { timeout: 300_000 });
  assert.equal(copy.code, 0, copy.all);
}

/** The one line of `potion hosts add` output that is the join secret. */
export function joinSecretOf(output: string): string {
  const m = /^potion-join-v1\.[A-Za-z0-9_-]+$/m.exec(output);
  if (!m) throw new Error(`no join secret in:\n${output}`);
  return m[0];
}

/** A joined host: install.sh --join from its checkout, its worker unit, redis-cli as its ACL user. */
export class JoinedHost {
  constructor(private readonly c: Container) {}

  join(args: readonly string[]): Ran {
    return this.c.exec('bash', [`${CHECKOUT}/deploy/install.sh`, '--join', '--prebuilt', ...args], { timeoutMs: 300_000 });
  }

  mainPid(): number {
    return Number(this.c.must('systemctl', ['show', '-P', 'MainPID', WORKER_UNIT]).trim());
  }

  diagnose(): string {
    return `${this.c.exec('systemctl', ['status', '--no-pager', '-l', WORKER_UNIT]).all}\n${this.c.exec('journalctl', ['-u', WORKER_UNIT, '--no-pager', '-n', '60']).all}`;
  }

  async waitWorkerActive(timeoutMs = 90_000): Promise<void> {
    await waitFor('the joined worker to be active', () => this.c.exec('systemctl', ['is-active', WORKER_UNIT]).stdout.trim() === 'active' && this.mainPid() > 0, timeoutMs, 250).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${this.diagnose()}`);
    });
  }

  /** redis-cli to the main machine's Redis as this host's ACL user (user and password from REDIS_URL in .env). */
  redisCli(args: readonly string[]): Ran {
    const script = `url=$(sed -n 's|^REDIS_URL="\\{0,1\\}\\(redis://[^"]*\\)"\\{0,1\\}$|\\1|p' ${ENV}); rest=\${url#redis://}; user=\${rest%%:*}; rest=\${rest#*:}; pw=\${rest%%@*}; hp=\${rest#*@}; REDISCLI_AUTH=$pw exec redis-cli --user "$user" -h "\${hp%:*}" -p "\${hp##*:}" "$@"`;
    return this.c.exec('sh', ['-c', script, 'sh', ...args]);
  }
}
