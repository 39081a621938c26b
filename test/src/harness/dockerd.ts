import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { reaped, reapOnExit, waitFor } from '@potion/testkit';

/**
 * A private, real dockerd for the container tests (issue 19 point 4): its own socket, data
 * root and exec root in a temporary folder (the machine's own Docker, if any, is left alone),
 * no iptables and no bridge (no network needed: containers run with NetworkMode "none").
 * Its one image is imported offline from a tiny rootfs made of this machine's own /bin/sh
 * and sleep with their libraries (POST /images/create?fromSrc=-), so no registry is needed.
 */
export interface Dockerd {
  /** The Engine API socket: DOCKER_SOCKET for the worker. */
  socket: string;
  /** The image every test container runs. */
  image: string;
  /** One Engine API call (JSON in, JSON or text out). */
  api: (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => Promise<{ status: number; body: string }>;
  /** Creates and starts a container running `script` under /bin/sh (restart policy optional). */
  run: (name: string, script: string, opts?: { restart?: 'always' | 'no' }) => Promise<void>;
  /** RestartCount, state and StartedAt of a container (docker inspect). */
  inspect: (name: string) => Promise<{ restartCount: number; state: string; startedAt: string; exitCode: number }>;
  /**
   * Rebuilds the image under the same tag with one more file (a new id and a layer of its own):
   * the one before becomes a real dangling image whose layer nothing else shares.
   */
  reimport: () => Promise<void>;
  stop: () => Promise<void>;
}

export type DockerdStart = { ok: true; dockerd: Dockerd } | { ok: false; skip: string };

const DOCKERD = ['/usr/sbin/dockerd', '/usr/bin/dockerd'].find((p) => existsSync(p));

/** The shared libraries a binary needs, from ldd (paths as the loader finds them). */
function libsOf(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!);
}

/** A rootfs folder with /bin/sh (this machine's), /bin/sleep and their libraries. */
function tinyRootfs(dir: string): void {
  const sh = realpathSync('/bin/sh');
  const sleep = realpathSync(execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim());
  const files = new Set([...libsOf(sh), ...libsOf(sleep)]);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(sh, join(dir, 'bin/sh'));
  copyFileSync(sleep, join(dir, 'bin/sleep'));
  for (const f of files) {
    mkdirSync(join(dir, dirname(f)), { recursive: true });
    copyFileSync(f, join(dir, f));
  }
  execFileSync('chmod', ['0755', join(dir, 'bin/sh'), join(dir, 'bin/sleep')]);
}

function apiCall(socket: string, method: string, path: string, body?: unknown | NodeJS.ReadableStream, type = 'application/json'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path, method, headers: { host: 'docker', 'content-type': type } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body && typeof (body as NodeJS.ReadableStream).pipe === 'function') (body as NodeJS.ReadableStream).pipe(req);
    else req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * Starts the daemon and imports the image, or says why this machine cannot (not root, no
 * dockerd: `npm run setup` installs docker.io; a daemon that does not come up: its log tail).
 */
export async function startDockerd(): Promise<DockerdStart> {
  if (process.getuid?.() !== 0) return { ok: false, skip: 'dockerd needs root, and the tests run as another user' };
  if (!DOCKERD) return { ok: false, skip: 'dockerd is not installed (npm run setup installs docker.io)' };
  const root = mkdtempSync(join(tmpdir(), 'potion-dockerd-'));
  const socket = join(root, 'docker.sock');
  const logFile = join(root, 'dockerd.log');
  const log = openSync(logFile, 'a');
  const args = ['--iptables=false', '--ip6tables=false', '--bridge=none', '--host', `unix://${socket}`, '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '--pidfile', join(root, 'dockerd.pid')];
  // Its own process group: dockerd starts containerd, and both go when the test ends.
  const child: ChildProcess = spawn(DOCKERD, args, { stdio: ['ignore', log, log], detached: true });
  const pgid = child.pid;
  reapOnExit(pgid === undefined ? undefined : -pgid, () => child.exitCode === null);
  const api: Dockerd['api'] = (method, path, body) => apiCall(socket, method, path, body);
  const cleanup = () => {
    reaped(pgid === undefined ? undefined : -pgid);
    try {
      rmSync(root, { recursive: true, force: true });
    } catch (err) {
      // A mount a killed daemon left behind: the folder stays in /tmp, the test result does not change.
      process.stderr.write(`could not remove ${root}: ${(err as Error).message}\n`);
    }
  };
  try {
    await waitFor('dockerd to answer /_ping', async () => (existsSync(socket) && (await api('GET', '/_ping').catch(() => ({ status: 0 }))).status === 200) || (child.exitCode !== null ? 'exited' : undefined), 60_000, 100);
  } catch {
    // fall through: the exit code or the missing answer is reported below
  }
  if (child.exitCode !== null || !existsSync(socket)) {
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' | ');
    if (child.exitCode === null && pgid !== undefined) process.kill(-pgid, 'SIGKILL');
    cleanup();
    return { ok: false, skip: `dockerd did not start on this machine: ${tail}` };
  }

  const rootfs = join(root, 'rootfs');
  tinyRootfs(rootfs);
  const image = 'potion-test:1';
  const importImage = async () => {
    const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imported = await apiCall(socket, 'POST', '/v1.41/images/create?fromSrc=-&repo=potion-test&tag=1', tar.stdout, 'application/x-tar');
    if (imported.status !== 200) throw new Error(`image import failed: ${imported.status} ${imported.body}`);
  };
  await importImage();

  const dockerd: Dockerd = {
    socket,
    image,
    api,
    run: async (name, script, opts = {}) => {
      const created = await api('POST', `/v1.41/containers/create?name=${encodeURIComponent(name)}`, {
        Image: image,
        Cmd: ['/bin/sh', '-c', script],
        HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: opts.restart ?? 'no' } },
      });
      if (created.status !== 201) throw new Error(`create ${name}: ${created.status} ${created.body}`);
      const started = await api('POST', `/v1.41/containers/${encodeURIComponent(name)}/start`);
      if (started.status !== 204) throw new Error(`start ${name}: ${started.status} ${started.body}`);
    },
    inspect: async (name) => {
      const r = await api('GET', `/v1.41/containers/${encodeURIComponent(name)}/json`);
      if (r.status !== 200) throw new Error(`inspect ${name}: ${r.status} ${r.body}`);
      const j = JSON.parse(r.body) as { RestartCount: number; State: { Status: string; StartedAt: string; ExitCode: number } };
      return { restartCount: j.RestartCount, state: j.State.Status, startedAt: j.State.StartedAt, exitCode: j.State.ExitCode };
    },
    reimport: async () => {
      writeFileSync(join(rootfs, 'rebuilt'), `${new Date().toISOString()}\n`);
      await importImage();
    },
    stop: async () => {
      try {
        const list = await api('GET', '/v1.41/containers/json?all=1');
        for (const c of JSON.parse(list.body) as { Id: string }[]) await api('DELETE', `/v1.41/containers/${c.Id}?force=1`);
      } finally {
        if (child.exitCode === null) {
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
          if (child.exitCode === null && pgid !== undefined) process.kill(-pgid, 'SIGKILL');
        }
        cleanup();
      }
    },
  };
  return { ok: true, dockerd };
}
