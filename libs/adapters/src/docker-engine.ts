import { request } from 'node:http';
import { stat } from 'node:fs/promises';
import { z } from 'zod';

/**
 * The Docker Engine API over its unix socket: plain HTTP with node:http `socketPath`, no
 * shell and no `docker` CLI (docs/decisions/044-docker-engine-api.md). Every answer is
 * parsed with zod; a field Docker adds later is ignored, a field we read that is missing
 * fails loudly as `invalid`.
 */

/** API version in the path: Docker 20.10 (Debian 12) speaks 1.41, newer engines accept it too. */
export const DOCKER_API_VERSION = 'v1.41';

export interface DockerEngineOptions {
  /** Path of the Engine API socket, e.g. /var/run/docker.sock. */
  socketPath: string;
  /** Hard limit of one request in ms. Default 10000 (a stop waits for the container first). */
  timeoutMs?: number;
  /** Aborts the request (the job's signal). */
  signal?: AbortSignal;
}

/**
 * Where a call failed, like grammY's GrammyError / HttpError split:
 * - `absent`: no socket at the path (Docker not installed or not running);
 * - `denied`: the socket is there but this user may not open it (not in the `docker` group);
 * - `unreachable`: the socket refused or dropped the connection;
 * - `timeout`: no answer within timeoutMs;
 * - `not-found`: the engine answered 404 (no such container);
 * - `api`: the engine answered with another error status (its message kept);
 * - `invalid`: the answer did not have the shape we read.
 */
export type DockerFailure = 'absent' | 'denied' | 'unreachable' | 'timeout' | 'not-found' | 'api' | 'invalid';

export class DockerEngineError extends Error {
  override readonly name = 'DockerEngineError';
  constructor(
    readonly kind: DockerFailure,
    readonly method: string,
    readonly path: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${method} ${path}: ${message}`);
  }
}

/** Container states of the Engine API (`State` of /containers/json). */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const;
const containerState = z.enum(CONTAINER_STATES);
export type ContainerState = z.infer<typeof containerState>;

const summarySchema = z.object({
  Id: z.string(),
  Names: z.array(z.string()),
  Image: z.string(),
  State: containerState,
  /** Human text: "Up 3 hours", "Exited (1) 2 minutes ago", "Restarting (1) 5 seconds ago". */
  Status: z.string(),
});

export interface ContainerSummary {
  id: string;
  /** The name without Docker's leading "/". */
  name: string;
  image: string;
  state: ContainerState;
  status: string;
}

const inspectSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  RestartCount: z.number().int().nonnegative(),
  State: z.object({
    Status: containerState,
    ExitCode: z.number().int(),
    StartedAt: z.string(),
    FinishedAt: z.string(),
    Error: z.string().optional(),
  }),
  Config: z.object({ Tty: z.boolean(), Image: z.string() }),
});

export interface ContainerDetail {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  exitCode: number;
  /** Restarts by the restart policy since the container was (re)started by hand. */
  restartCount: number;
  /** ISO time; "0001-01-01T00:00:00Z" when never. */
  startedAt: string;
  /** False: the logs come as Docker's multiplexed stream (demuxLogs). */
  tty: boolean;
}

const errorBody = z.object({ message: z.string() });

interface Answer {
  status: number;
  body: Buffer;
}

/** Logs beyond this are cut: a tail of a few hundred lines never needs more. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** One Engine API request (for the other docker-*.ts adapters). */
export function call(method: 'GET' | 'POST', path: string, o: DockerEngineOptions): Promise<Answer> {
  const fullPath = `/${DOCKER_API_VERSION}${path}`;
  const fail = (kind: DockerFailure, message: string, status?: number) => new DockerEngineError(kind, method, fullPath, message, status);
  return new Promise((resolve, reject) => {
    // agent false: a fresh connection per call (cheap on a unix socket), so a restarted daemon is
    // reached at once and no idle connection keeps the worker's event loop busy.
    const req = request({ socketPath: o.socketPath, path: fullPath, method, agent: false, headers: { host: 'docker' }, ...(o.signal ? { signal: o.signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', (err) => reject(fail('unreachable', err.message)));
    });
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(fail('timeout', `no answer within ${o.timeoutMs ?? 10_000} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof DockerEngineError) return reject(err);
      if (err.code === 'ENOENT') return reject(fail('absent', `no Docker socket at ${o.socketPath}`));
      if (err.code === 'EACCES' || err.code === 'EPERM') return reject(fail('denied', `permission denied on ${o.socketPath}`));
      reject(fail('unreachable', err.code ?? err.message));
    });
    req.end();
  });
}

/** The engine's error message ({"message": ...}) or the status. */
export function apiError(method: string, path: string, a: Answer): DockerEngineError {
  let message = `HTTP ${a.status}`;
  try {
    const parsed = errorBody.safeParse(JSON.parse(a.body.toString('utf8')));
    if (parsed.success) message = parsed.data.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return new DockerEngineError(a.status === 404 ? 'not-found' : 'api', method, `/${DOCKER_API_VERSION}${path}`, message, a.status);
}

export async function getJson<S extends z.ZodType>(path: string, schema: S, o: DockerEngineOptions): Promise<z.output<S>> {
  const a = await call('GET', path, o);
  if (a.status !== 200) throw apiError('GET', path, a);
  let json: unknown;
  try {
    json = JSON.parse(a.body.toString('utf8'));
  } catch {
    throw new DockerEngineError('invalid', 'GET', `/${DOCKER_API_VERSION}${path}`, 'the answer is not JSON');
  }
  const r = schema.safeParse(json);
  if (!r.success) throw new DockerEngineError('invalid', 'GET', `/${DOCKER_API_VERSION}${path}`, `unexpected answer: ${r.error.issues[0]?.message ?? 'shape'}`);
  return r.data;
}

/** True when something at the path is a socket: Docker is installed here (readable or not). */
export async function dockerSocketPresent(socketPath: string): Promise<boolean> {
  try {
    return (await stat(socketPath)).isSocket();
  } catch {
    return false;
  }
}

/** Every container, running or not (GET /containers/json?all=1), sorted by name. */
export async function listContainers(o: DockerEngineOptions): Promise<ContainerSummary[]> {
  const list = await getJson('/containers/json?all=1', z.array(summarySchema), o);
  return list
    .map((c) => ({ id: c.Id, name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), image: c.Image, state: c.State, status: c.Status }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One container's state, exit code and restart count (GET /containers/{name}/json). */
export async function inspectContainer(name: string, o: DockerEngineOptions): Promise<ContainerDetail> {
  const c = await getJson(`/containers/${encodeURIComponent(name)}/json`, inspectSchema, o);
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config.Image,
    state: c.State.Status,
    exitCode: c.State.ExitCode,
    restartCount: c.RestartCount,
    startedAt: c.State.StartedAt,
    tty: c.Config.Tty,
  };
}

export type ContainerVerb = 'start' | 'stop' | 'restart';

/**
 * POST /containers/{name}/{verb}. `changed` false: the engine answered 304 (already running
 * for start, already stopped for stop). Stop and restart give the container `stopTimeoutSec`
 * (default 10) to exit before the engine kills it.
 */
export async function controlContainer(verb: ContainerVerb, name: string, o: DockerEngineOptions & { stopTimeoutSec?: number }): Promise<{ changed: boolean }> {
  const t = verb === 'start' ? '' : `?t=${o.stopTimeoutSec ?? 10}`;
  const path = `/containers/${encodeURIComponent(name)}/${verb}${t}`;
  const a = await call('POST', path, { ...o, timeoutMs: o.timeoutMs ?? ((o.stopTimeoutSec ?? 10) + 20) * 1000 });
  if (a.status === 204) return { changed: true };
  if (a.status === 304) return { changed: false };
  throw apiError('POST', path, a);
}

/**
 * Docker's multiplexed log stream (containers without a TTY): frames of an 8-byte header
 * (stream type, 3 zero bytes, big-endian length) then the payload. A cut last frame keeps
 * what arrived.
 */
export function demuxLogs(buf: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    const len = buf.readUInt32BE(at + 4);
    parts.push(buf.subarray(at + 8, Math.min(buf.length, at + 8 + len)));
    at += 8 + len;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The last `tail` lines of a container's stdout and stderr, oldest first (GET /containers/{name}/logs). */
export async function containerLogs(name: string, tail: number, o: DockerEngineOptions): Promise<string[]> {
  const detail = await inspectContainer(name, o);
  const path = `/containers/${encodeURIComponent(name)}/logs?stdout=1&stderr=1&tail=${Math.max(1, Math.floor(tail))}`;
  const a = await call('GET', path, o);
  if (a.status !== 200) throw apiError('GET', path, a);
  const text = detail.tty ? a.body.toString('utf8') : demuxLogs(a.body);
  return text.split(/\r?\n/).filter((l) => l.length > 0).slice(-tail);
}
