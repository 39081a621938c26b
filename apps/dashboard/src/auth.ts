import type { Logger } from '@potion/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { FailureLimiter } from './failure-limiter.js';
import { loginPage } from './login-page.js';
import { safeNext } from './safe-next.js';
import { SessionGeneration } from './session-generation.js';
import { passwordFromAuthorization, passwordMatches, readCookie, SESSION_COOKIE, SessionSigner } from './session.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without logging in (only /healthz and the login/logout pages). */
    public?: boolean;
  }
}

export interface AuthOptions {
  password: string;
  hostId: string;
  log: Logger;
  /** Holds the session generation (keys.dashboardSession). */
  redis: Redis;
  limiter?: FailureLimiter;
  now?: () => number;
  /** How long a login lasts, in ms. Default 30 days (a phone should not ask every day). */
  sessionMs?: number;
}

function wantsHtml(req: FastifyRequest): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}

/**
 * Authentication for every route except those marked `config: { public: true }`:
 * a login form setting a signed session cookie (friendly on a phone), or an Authorization
 * header (`Bearer <password>`, or Basic with any user name) for curl and Prometheus. Wrong
 * passwords count against the client's IP in a FailureLimiter; over the limit, 429. A cookie
 * is checked against the session generation in Redis on every request: logout and a password
 * change end every session, copies included.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: AuthOptions) => {
  const now = opts.now ?? Date.now;
  const limiter = opts.limiter ?? new FailureLimiter({ now });
  const signer = new SessionSigner(opts.password);
  const sessionMs = opts.sessionMs ?? 30 * 24 * 3600_000;
  const log = opts.log.child({ module: 'dashboard:auth' });
  const generation = new SessionGeneration({ redis: opts.redis, signer, log, now });
  await generation.ensure();

  /** A valid session cookie on this request; false when Redis cannot say (fail closed). */
  const hasSession = async (req: FastifyRequest): Promise<boolean> => {
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (cookie === undefined) return false;
    try {
      return signer.valid(cookie, now(), await generation.current());
    } catch (err) {
      log.warn({ err }, 'cannot read the session generation from Redis: the cookie is not accepted');
      return false;
    }
  };

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const tooMany = (reply: FastifyReply, waitMs: number, html: boolean) => {
    const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
    reply.code(429).header('retry-after', String(Math.ceil(waitMs / 1000)));
    if (html) {
      return reply
        .type('text/html; charset=utf-8')
        .send(loginPage({ hostId: opts.hostId, next: '/', message: `Terlalu banyak kata sandi salah. Coba lagi sekitar ${minutes} menit lagi.` }));
    }
    return reply.send({ error: 'too many failed logins', retryAfterSec: Math.ceil(waitMs / 1000) });
  };

  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config.public === true) return;
    if (await hasSession(req)) return;
    const given = passwordFromAuthorization(req.headers.authorization);
    if (given !== undefined) {
      const wait = limiter.blockedForMs(req.ip);
      if (wait > 0) return tooMany(reply, wait, false);
      if (passwordMatches(given, opts.password)) {
        limiter.succeed(req.ip);
        return;
      }
      limiter.fail(req.ip);
      log.warn({ ip: req.ip, url: req.url }, 'wrong dashboard password in Authorization header');
      return reply.code(401).header('www-authenticate', 'Basic realm="potion-runner", charset="UTF-8"').send({ error: 'wrong password' });
    }
    if (wantsHtml(req)) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 302);
    return reply.code(401).header('www-authenticate', 'Bearer realm="potion-runner"').send({ error: 'login required: open /login, or send Authorization: Bearer <password>' });
  });

  app.get('/login', { config: { public: true } }, async (req, reply) => {
    const next = safeNext((req.query as Record<string, unknown>).next);
    return reply.type('text/html; charset=utf-8').send(loginPage({ hostId: opts.hostId, next }));
  });

  app.post('/login', { config: { public: true } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const wait = limiter.blockedForMs(req.ip);
    if (wait > 0) return tooMany(reply, wait, true);
    const given = typeof body.password === 'string' ? body.password : '';
    if (!passwordMatches(given, opts.password)) {
      limiter.fail(req.ip);
      log.warn({ ip: req.ip }, 'wrong dashboard password on the login form');
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(loginPage({ hostId: opts.hostId, next, message: 'Kata sandi salah. Coba lagi.' }));
    }
    limiter.succeed(req.ip);
    log.info({ ip: req.ip }, 'dashboard login');
    const cookie = `${SESSION_COOKIE}=${signer.issue(now() + sessionMs, await generation.current())}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(sessionMs / 1000)}`;
    return reply.header('set-cookie', cookie).redirect(next, 303);
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/logout',
    config: { public: true },
    handler: async (req, reply) => {
      // Only a request with a valid session ends the sessions: a link from another site
      // (no SameSite=Strict cookie) or a stranger cannot log the owner out.
      if (await hasSession(req)) {
        await generation.bump('logout');
        log.info({ ip: req.ip }, 'dashboard logout: every session ended');
      }
      return reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`).redirect('/login', 303);
    },
  });
});
