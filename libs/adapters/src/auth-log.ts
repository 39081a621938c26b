/**
 * Parsers of sshd and sudo journal messages (pure). The shapes follow OpenSSH's auth.c
 * (`"%s %s%s for %s%.100s from %.200s port %d ssh2%s%s"`, authmsg "Accepted"/"Failed", the
 * "invalid user " prefix, ": ED25519 SHA256:..." for a key) and its "Connection closed by
 * authenticating user %s %s port %d [preauth]" / "Invalid user %s from %s port %d", and
 * sudo's syslog line "user : TTY=... ; PWD=... ; USER=root ; COMMAND=...".
 */

export type AuthEvent =
  | { kind: 'login'; user: string; from: string; port: number; method: 'key' | 'password' | 'other'; key?: string }
  /**
   * `closed`: a "Connection closed by ... [preauth]" line. sshd also writes it after every
   * "Failed password" of the same connection (same address and port): count it only for a
   * connection without a failure line (a client that offered keys and gave up).
   */
  | { kind: 'failed'; user: string; from: string; port: number; invalidUser: boolean; closed: boolean }
  | { kind: 'sudo'; user: string; runAs: string; command: string; tty: string; denied?: string };

const ADDR = '([0-9A-Fa-f:.]+)';

const ACCEPTED = new RegExp(`^Accepted (\\S+) for (\\S+) from ${ADDR} port (\\d+) ssh2(?:: (.+))?$`);
const FAILED = new RegExp(`^Failed (\\S+) for (invalid user )?(\\S*) from ${ADDR} port (\\d+) ssh2`);
const CLOSED = new RegExp(`^Connection (?:closed|reset) by (authenticating|invalid) user (\\S*) ${ADDR} port (\\d+) \\[preauth\\]$`);

function methodOf(m: string): 'key' | 'password' | 'other' {
  if (m === 'publickey') return 'key';
  if (m === 'password' || m.startsWith('keyboard-interactive')) return 'password';
  return 'other';
}

/**
 * One sshd message: a login, a failed attempt, or undefined for anything else.
 * "Connection closed by authenticating user" counts as a failure: a scanner that tries keys
 * and gives up leaves only that line. "Invalid user x from" is not counted: the "Failed
 * password for invalid user" or "Connection closed by invalid user" after it is.
 */
export function parseSshdMessage(message: string): AuthEvent | undefined {
  const a = ACCEPTED.exec(message);
  if (a) {
    const method = methodOf(a[1]!);
    return { kind: 'login', user: a[2]!, from: a[3]!, port: Number(a[4]), method, ...(method === 'key' && a[5] ? { key: a[5] } : {}) };
  }
  const f = FAILED.exec(message);
  if (f) return { kind: 'failed', user: f[3]!, from: f[4]!, port: Number(f[5]), invalidUser: f[2] !== undefined, closed: false };
  const c = CLOSED.exec(message);
  if (c) return { kind: 'failed', user: c[2]!, from: c[3]!, port: Number(c[4]), invalidUser: c[1] === 'invalid', closed: true };
  return undefined;
}

/**
 * One sudo message: "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update",
 * or with a refusal before the fields ("alice : 3 incorrect password attempts ; TTY=...",
 * "bob : user NOT in sudoers ; TTY=..."). Undefined for pam_unix session lines and the like.
 */
export function parseSudoMessage(message: string): AuthEvent | undefined {
  const m = /^\s*(\S+) : (.*)$/.exec(message);
  if (!m) return undefined;
  const parts = m[2]!.split(' ; ');
  const fields = new Map<string, string>();
  let denied: string | undefined;
  for (const [i, p] of parts.entries()) {
    const kv = /^([A-Z_]+)=(.*)$/.exec(p);
    if (kv && kv[1] !== 'COMMAND') fields.set(kv[1]!, kv[2]!);
    else if (kv) {
      // COMMAND is the last field and may itself hold " ; ".
      fields.set('COMMAND', [kv[2]!, ...parts.slice(i + 1)].join(' ; '));
      break;
    } else if (i === 0) denied = p;
  }
  const command = fields.get('COMMAND');
  if (command === undefined) return undefined;
  return { kind: 'sudo', user: m[1]!, runAs: fields.get('USER') ?? 'root', command, tty: fields.get('TTY') ?? 'unknown', ...(denied ? { denied } : {}) };
}
