import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@potion/testkit';
import type { Ran } from '../harness/deploy-helpers.js';
import type { Container } from './container.js';

/** Where the checkout sits inside the container (a user's clone). */
export const CHECKOUT = '/root/potion-runner';
/** The compiled in-container helpers (fake Bot API, job runner, loop blocker). */
export const INSIDE = `${CHECKOUT}/test/dist/system/inside`;
export const APP_UNITS = ['potion-runner-worker.service', 'potion-runner-bot.service', 'potion-runner-dashboard.service'] as const;
/** A whitelisted unit the worker may restart through sudo. */
export const DEMO_UNIT = 'potion-demo.service';
/** The token the fake Bot API accepts (libs/testkit FAKE_BOT_TOKEN). */
export const TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijkl';
/** The HDD: a folder bind-mounted by fstab with nofail, as deploy/hdd-setup.sh writes it. */
const HDD_SOURCE = '/srv/hdd';

export interface JobOutcome {
  state: string;
  returnvalue?: unknown;
  failedReason?: string;
}

/** The container as a user's server: what they set up around potion-runner, and its install. */
export class InstalledSystem {
  constructor(private readonly c: Container) {}

  /** Before the first boot: the HDD in fstab, a service to control, the fake Bot API as a unit. */
  prepareRootfs(): void {
    const root = this.c.root;
    mkdirSync(join(root, HDD_SOURCE.slice(1)), { recursive: true });
    mkdirSync(join(root, 'mnt/potion-data'), { recursive: true });
    appendFileSync(join(root, 'etc/fstab'), `${HDD_SOURCE} /mnt/potion-data none bind,nofail 0 0\n`);
    const unit = (name: string, text: string) => {
      writeFileSync(join(root, 'etc/systemd/system', name), text);
      mkdirSync(join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
    };
    unit(DEMO_UNIT, '[Unit]\nDescription=a service the bot may control\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n');
    unit('potion-fake-bot-api.service', `[Unit]\nDescription=the project's fake Telegram Bot API (tests)\nBefore=potion-runner-bot.service\n[Service]\nExecStart=/usr/bin/node ${INSIDE}/fake-bot-api.js\nWorkingDirectory=${CHECKOUT}\n[Install]\nWantedBy=multi-user.target\n`);
  }

  /** Enables the units written by prepareRootfs (needs the booted system). */
  enableHelpers(): void {
    this.c.must('systemctl', ['enable', '--now', DEMO_UNIT, 'potion-fake-bot-api.service']);
  }

  /** Runs deploy/install.sh as a user would (sudo from the checkout), without network. */
  install(env: Record<string, string>, args: readonly string[] = []): Ran {
    const r = this.c.exec('bash', [`${CHECKOUT}/deploy/install.sh`, '--prebuilt', ...args], { env, timeoutMs: 300_000 });
    if (r.code !== 0) throw new Error(`install.sh exited ${r.code}:\n${r.all}`);
    return r;
  }

  /** What the user does after the first install: the API root, a whitelisted service, the sudo rules. */
  configure(): void {
    this.c.must('sed', ['-i', `s/^SERVICES_WHITELIST=.*/SERVICES_WHITELIST=${DEMO_UNIT}/`, '/opt/potion-runner/.env']);
    this.c.must('sh', ['-c', 'printf "TELEGRAM_API_ROOT=http://127.0.0.1:8081\\n" >>/opt/potion-runner/.env']);
    // The rules change (a unit is added): the installer shows the diff and, with no terminal
    // to ask on, installs it only with --yes.
    this.c.must('bash', [`${CHECKOUT}/deploy/install.sh`, '--only-sudoers', '--yes']);
    this.c.must('systemctl', ['restart', 'potion-runner']);
  }

  /** redis-cli as the app's ACL user, the password of REDIS_URL in .env given through REDISCLI_AUTH. */
  redisCli(args: readonly string[]): Ran {
    const script = 'REDISCLI_AUTH=$(sed -n \'s|^REDIS_URL="redis://potion:\\([A-Za-z0-9]*\\)@.*|\\1|p\' /opt/potion-runner/.env) exec redis-cli --user potion "$@"';
    return this.c.exec('sh', ['-c', script, 'sh', ...args]);
  }

  mainPid(unit: string): number {
    return Number(this.c.must('systemctl', ['show', '-P', 'MainPID', unit]).trim());
  }

  /** Waits until the three app services are active with a main process. */
  async waitAllActive(timeoutMs = 90_000): Promise<void> {
    await waitFor('worker, bot and dashboard to be active', () => APP_UNITS.every((u) => this.c.exec('systemctl', ['is-active', u]).stdout.trim() === 'active' && this.mainPid(u) > 0), timeoutMs, 250).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${APP_UNITS.map((u) => this.diagnose(u)).join('\n')}`);
    });
  }

  /** Waits until each app service runs again with a main PID other than `before`. */
  async waitAllRestarted(before: readonly number[], timeoutMs: number): Promise<void> {
    await waitFor('worker, bot and dashboard to run again with new processes', () =>
      APP_UNITS.every((u, i) => {
        const pid = this.mainPid(u);
        return pid > 0 && pid !== before[i] && this.c.exec('systemctl', ['is-active', u]).stdout.trim() === 'active';
      }), timeoutMs, 500).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${APP_UNITS.map((u) => this.diagnose(u)).join('\n')}`);
    });
  }

  /** A unit's status and its last journal lines, for a failure message. */
  diagnose(unit: string): string {
    return `${this.c.exec('systemctl', ['status', '--no-pager', '-l', unit]).all}\n${this.c.exec('journalctl', ['-u', unit, '--no-pager', '-n', '40']).all}`;
  }

  /** How often the bot called each Bot API method (from the fake's control port). */
  botApiCalls(): Record<string, number> {
    const r = this.c.exec('/usr/bin/node', ['-e', 'fetch("http://127.0.0.1:8082/calls").then((r) => r.text()).then((t) => process.stdout.write(t))']);
    return r.code === 0 ? (JSON.parse(r.stdout) as Record<string, number>) : {};
  }

  /** Enqueues a job for the installed worker (or the joined host `host`'s) and returns how it ended. */
  runJob(name: string, payload: Record<string, unknown>, host?: string): JobOutcome {
    const out = this.c.must('/usr/bin/node', [`${INSIDE}/run-job.js`, name, JSON.stringify(payload), ...(host ? [host] : [])], { timeoutMs: 90_000 });
    return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as JobOutcome;
  }
}
