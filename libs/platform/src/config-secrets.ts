import type { Config } from './config.js';
import { CONFIG_VARIABLES, declaration, type ENV_VARS, type VariableName } from './config/table.js';

/** The variables declared `secret` (config/*.ts). */
type SecretVariable = { [K in VariableName]: (typeof ENV_VARS)[K] extends { secret: string } ? K : never }[VariableName];

export type SecretFields = Pick<Config, 'botToken' | 'redisUrl'> & { dashboard: Pick<Config['dashboard'], 'password'> };

/**
 * Where each secret variable's value is in the config. A variable declared `secret` without
 * a line here does not compile, so a new secret cannot be left out of the scrubbing.
 */
const SECRET_VALUES: { [K in SecretVariable]: (c: SecretFields) => string | undefined } = {
  BOT_TOKEN: (c) => c.botToken,
  REDIS_URL: (c) => c.redisUrl,
  DASHBOARD_PASSWORD: (c) => c.dashboard.password,
};

/** The password of a URL, as written and decoded; nothing for a value that is not a URL. */
function urlPassword(value: string): string[] {
  try {
    const raw = new URL(value).password;
    if (!raw) return [];
    const plain = decodeURIComponent(raw);
    return raw === plain ? [plain] : [plain, raw];
  } catch {
    // not a URL: nothing to hide (the config loader refuses it anyway)
    return [];
  }
}

/**
 * What the logs and pages must never show, from the config: each variable declared `secret`
 * — the bot token, the Redis password of REDIS_URL (the installed Redis lets only the ACL
 * user potion in; issue 15) and the dashboard password. Give it to createLogger({ secrets })
 * and the dashboard's scrubbing.
 */
export function configSecrets(c: SecretFields): string[] {
  const out: string[] = [];
  for (const name of CONFIG_VARIABLES) {
    const kind = declaration(name)?.secret;
    if (kind === undefined) continue;
    const value = SECRET_VALUES[name as SecretVariable](c);
    if (!value) continue;
    out.push(...(kind === 'url-password' ? urlPassword(value) : [value]));
  }
  return out;
}
