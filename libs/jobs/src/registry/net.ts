import { z } from 'zod';
import { hostTarget } from '../schemas.js';
import { defineJob } from './define.js';

const iface = z.object({
  name: z.string(),
  state: z.string(),
  mac: z.string().optional(),
  addresses: z.array(z.object({ family: z.enum(['inet', 'inet6']), address: z.string(), prefixLength: z.number(), scope: z.string() })),
});

const read = <D extends z.ZodType, R extends z.ZodType>(data: D, result: R, audit: string, timeoutMs = 30_000) =>
  defineJob({ queue: 'read', data, result, access: 'viewer', mutates: false, timeoutMs, attempts: 2, audit });

export const netJobs = {
  'net.info': read(
    z.object({}).strict(),
    z.object({
      interfaces: z.array(iface),
      routes: z.array(z.object({ gateway: z.string().optional(), dev: z.string() })),
      /** undefined when not configured (PUBLIC_IP_URL=off) or not reachable. */
      publicIp: z.string().optional(),
      publicIpNote: z.string().optional(),
    }),
    'show network addresses',
  ),
  'net.ping': read(
    z.object({ target: hostTarget.optional(), count: z.number().int().min(1).max(10).optional() }).strict(),
    z.object({
      target: z.string(),
      transmitted: z.number(),
      received: z.number(),
      lossPercent: z.number(),
      rtt: z.object({ min: z.number(), avg: z.number(), max: z.number(), mdev: z.number() }).optional(),
      error: z.string().optional(),
    }),
    'ping a host',
    60_000,
  ),
  'net.tailscale': read(
    z.object({}).strict(),
    z.object({
      installed: z.boolean(),
      running: z.boolean(),
      message: z.string().optional(),
      backendState: z.string().optional(),
      self: z.object({ hostName: z.string(), dnsName: z.string(), ips: z.array(z.string()), online: z.boolean() }).optional(),
      tailnet: z.string().optional(),
      peers: z.array(z.object({ hostName: z.string(), dnsName: z.string(), os: z.string(), ips: z.array(z.string()), online: z.boolean(), lastSeen: z.string().optional(), exitNode: z.boolean() })),
      health: z.array(z.string()),
    }),
    'show Tailscale status',
  ),
  'net.speed': read(
    z.object({}).strict(),
    z.object({
      configured: z.boolean(),
      url: z.string().optional(),
      bytes: z.number().optional(),
      ms: z.number().optional(),
      mbps: z.number().optional(),
      firstByteMs: z.number().optional(),
    }),
    'run a quick download speed test',
    90_000,
  ),
} as const;
