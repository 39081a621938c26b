import { z } from 'zod';
import { envVar, int, pathList, urlOrOff, type EnvOf } from './declare.js';

/** What the app reaches out to: 🔄 Update's folders, 🌐 Network's addresses, the heartbeat ping, the power wait. */
export const opsVars = {
  UPDATE_REPOS: envVar({
    schema: pathList,
    default: '',
    fix: 'a comma-separated list of absolute paths of git checkouts, e.g. UPDATE_REPOS="/opt/mcp-tools,/home/dre/rag"',
    description: 'Git checkouts that update.git pulls with --ff-only (absolute paths).',
  }),
  UPDATE_DEPS_DIRS: envVar({
    schema: pathList,
    default: '',
    fix: 'a comma-separated list of absolute project folders with package-lock.json / uv.lock / requirements.txt',
    description: 'Project folders whose dependencies update.deps syncs from their lock files.',
  }),
  PUBLIC_IP_URL: envVar({
    schema: urlOrOff,
    default: 'https://api.ipify.org',
    fix: 'a URL that answers with your address as plain text (default https://api.ipify.org), or "off"',
    description: 'Where to learn the public address; "off": do not ask.',
  }),
  SPEEDTEST_URL: envVar({
    schema: urlOrOff,
    default: 'https://speed.cloudflare.com/__down?bytes=25000000',
    fix: 'a URL of a large file to time (default Cloudflare\'s speed test), or "off"',
    description: 'File downloaded (at most 25 MB) for the quick speed test; "off": switched off.',
  }),
  HEALTHCHECK_URL: envVar({
    schema: urlOrOff,
    default: 'off',
    fix: 'a Healthchecks.io or Uptime Kuma push URL the heartbeat pings, e.g. https://hc-ping.com/<uuid>, or "off" (default)',
    description: 'A push URL every heartbeat pings, so you hear from outside when the laptop dies; "off": none.',
  }),
  PING_TARGET: envVar({
    schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$/, 'must be a host name or IP address'),
    default: '1.1.1.1',
    fix: 'e.g. PING_TARGET="1.1.1.1"',
    description: 'Host the network menu pings.',
  }),
  SELF_UPDATE_DIR: envVar({
    schema: z.string().regex(/^\/[^\0]*$/, 'must be an absolute folder path'),
    default: '/opt/potion-runner/self-update',
    fix: 'the folder install.sh made for the self-update status, e.g. SELF_UPDATE_DIR="/opt/potion-runner/self-update"',
    description: "Folder where root's self-update writes its status (decision 045); the worker only reads it.",
  }),
  POWER_ANNOUNCE_WAIT_SEC: envVar({
    schema: int(0, 120),
    default: '10',
    fix: 'seconds to wait for the reboot/shutdown announcement to be delivered, e.g. 10',
    description: 'Seconds a reboot/shutdown waits for its announcement to reach Telegram first.',
  }),
};

export function opsConfig(e: EnvOf<typeof opsVars>) {
  return {
    /** Git checkouts that update.git pulls (--ff-only). */
    updateRepos: e.UPDATE_REPOS,
    /** Project folders whose dependencies update.deps syncs from their lock files. */
    updateDepsDirs: e.UPDATE_DEPS_DIRS,
    /** Undefined: the public address is not looked up. */
    publicIpUrl: e.PUBLIC_IP_URL,
    /** Undefined: the speed test is switched off. */
    speedtestUrl: e.SPEEDTEST_URL,
    /** Push URL pinged by each heartbeat (Healthchecks.io, Uptime Kuma); undefined: off. */
    healthcheckUrl: e.HEALTHCHECK_URL,
    pingTarget: e.PING_TARGET,
    /** Root's self-update status folder (deploy/self-update.sh writes `status` there). */
    selfUpdateDir: e.SELF_UPDATE_DIR,
    /** How long host.reboot/shutdown waits for its announcement to be delivered (ms). */
    powerAnnounceWaitMs: e.POWER_ANNOUNCE_WAIT_SEC * 1000,
  };
}
