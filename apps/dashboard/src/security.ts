import { scrubSecrets } from '@potion/platform';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * No inline script anywhere (Bull Board's UI config is a JSON script block, which a CSP
 * does not execute); inline styles are allowed because Bull Board's loading screen and the
 * home page use them. Fonts and everything else load from this server only, so the
 * dashboard works on a LAN without internet and leaks nothing to third parties.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export interface SecurityOptions {
  /** Exact values never to send (bot token, dashboard password); token-shaped text is scrubbed too. */
  secrets: readonly string[];
}

/**
 * Security headers on every response (set first, so 401s and redirects carry them too),
 * `no-store` on everything but static assets, and a last scrub of every text body: job data
 * shown by Bull Board may hold chat ids and paths (fine) but never a bot token.
 */
export const securityPlugin = fp(async (app: FastifyInstance, opts: SecurityOptions) => {
  const secrets = opts.secrets.filter((s) => s.length >= 8);
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (!req.url.includes('/static/')) reply.header('cache-control', 'no-store');
  });
  app.addHook('onSend', async (_req, _reply, payload) => {
    if (typeof payload === 'string') return scrubSecrets(payload, secrets);
    return payload;
  });
});
