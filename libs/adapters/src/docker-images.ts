import { z } from 'zod';
import { apiError, call, DOCKER_API_VERSION, DockerEngineError, getJson, type DockerEngineOptions } from './docker-engine.js';

/**
 * Dangling images through the Engine API (issue 19 point 8, docs/decisions/047): the untagged
 * layers a rebuild or a re-pull under the same tag leaves behind. Read with GET /images/json,
 * removed with POST /images/prune, both filtered to dangling=true (never a tagged image, never
 * one a container uses: the engine itself skips those).
 */

const DANGLING = `filters=${encodeURIComponent(JSON.stringify({ dangling: ['true'] }))}`;

const imageSchema = z.object({ Id: z.string(), Size: z.number().nonnegative() });
const pruneSchema = z.object({
  ImagesDeleted: z.array(z.object({ Deleted: z.string().optional(), Untagged: z.string().optional() })).nullable().optional(),
  SpaceReclaimed: z.number().nonnegative(),
});

export interface DanglingImage {
  /** The short id (12 hex digits, as `docker images` shows it). */
  id: string;
  bytes: number;
}

/** The short id of "sha256:<64 hex>". */
const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

/** Every dangling image with its size, biggest first. */
export async function danglingImages(o: DockerEngineOptions): Promise<DanglingImage[]> {
  const list = await getJson(`/images/json?${DANGLING}`, z.array(imageSchema), o);
  return list.map((i) => ({ id: shortId(i.Id), bytes: i.Size })).sort((a, b) => b.bytes - a.bytes || a.id.localeCompare(b.id));
}

/** POST /images/prune of the dangling images: how many the engine deleted and the bytes it says it reclaimed. */
export async function pruneDanglingImages(o: DockerEngineOptions): Promise<{ deleted: number; reclaimedBytes: number }> {
  const path = `/images/prune?${DANGLING}`;
  // Deleting layers of a big image on an old disk takes a while.
  const a = await call('POST', path, { ...o, timeoutMs: o.timeoutMs ?? 5 * 60_000 });
  if (a.status !== 200) throw apiError('POST', path, a);
  let json: unknown;
  try {
    json = JSON.parse(a.body.toString('utf8'));
  } catch {
    throw new DockerEngineError('invalid', 'POST', `/${DOCKER_API_VERSION}${path}`, 'the answer is not JSON');
  }
  const r = pruneSchema.safeParse(json);
  if (!r.success) throw new DockerEngineError('invalid', 'POST', `/${DOCKER_API_VERSION}${path}`, `unexpected answer: ${r.error.issues[0]?.message ?? 'shape'}`);
  return { deleted: (r.data.ImagesDeleted ?? []).filter((d) => d.Deleted !== undefined).length, reclaimedBytes: r.data.SpaceReclaimed };
}

/** Where the engine keeps its images (GET /info DockerRootDir): the filesystem df reads around a prune. */
export async function dockerRootDir(o: DockerEngineOptions): Promise<string> {
  return (await getJson('/info', z.object({ DockerRootDir: z.string().min(1) }), o)).DockerRootDir;
}
