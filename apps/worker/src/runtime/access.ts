import type { JobDef, JobMeta, JobName, JobSigner } from '@potion/jobs';
import type { Config } from '@potion/platform';
import { mayRun, queueName, requiredRole, roleOf, texts } from '@potion/jobs';
import { PROOF_MAX_AGE_MS, PROOF_MAX_SKEW_MS, type UsedProofs } from './used-proofs.js';

/**
 * `untrusted`: nothing in the job's meta can be believed (no proof, a forged one, or a replay
 * of a finished request), so its request id is not the job's: the refusal is recorded under a
 * request id of its own (`untrusted-<queue>-<job id>`, see `refusalRequestId`), never as a second outcome of a real request.
 */
export type AccessDecision = { ok: true } | { ok: false; reason: string; userText: string; untrusted?: true };

/** The request id a refusal is recorded and answered under. */
export function refusalRequestId(decision: { untrusted?: true }, meta: JobMeta, job: { queueName: string; id?: string | undefined }): string {
  if (!decision.untrusted) return meta.requestId;
  // A request id allows letters, digits, "_" and "-" only (queue names hold "@").
  return `untrusted-${job.queueName}-${job.id ?? 'x'}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

/** What the worker checks a mutating job's proof with (see docs/decisions/023). */
export interface ProofGate {
  signer: JobSigner;
  used: UsedProofs;
}

/**
 * The worker's own permission check (defence in depth: the bot checked too). Jobs from
 * Telegram answer only in the asker's private chat (a group never gets host detail) and
 * need the role the job asks for; a unit must be in SERVICES_WHITELIST (a container in
 * DOCKER_WHITELIST) by exact name,
 * whoever asks.
 */
export function checkAccess(def: JobDef, payload: unknown, meta: JobMeta, config: Config): AccessDecision {
  // Telegram private chats have the id of the user: anything else is a group or a channel.
  if (meta.by.kind === 'telegram' && meta.chatId !== undefined && meta.chatId !== meta.by.userId) {
    return { ok: false, reason: `chat ${meta.chatId} is not the private chat of user ${meta.by.userId}`, userText: texts.privateOnly };
  }
  if (def.unitField) {
    const unit = (payload as Record<string, unknown>)[def.unitField];
    const absentButOptional = unit === undefined && def.unitOptional === true;
    if (!absentButOptional && (typeof unit !== 'string' || !config.servicesWhitelist.includes(unit))) {
      const shown = typeof unit === 'string' ? unit.slice(0, 100) : String(unit);
      return { ok: false, reason: `unit "${shown}" is not in SERVICES_WHITELIST`, userText: texts.notWhitelisted(shown) };
    }
  }
  if (def.containerField) {
    const name = (payload as Record<string, unknown>)[def.containerField];
    if (typeof name !== 'string' || !config.dockerWhitelist.includes(name)) {
      const shown = typeof name === 'string' ? name.slice(0, 100) : String(name);
      return { ok: false, reason: `container "${shown}" is not in DOCKER_WHITELIST`, userText: texts.notWhitelistedContainer(shown) };
    }
  }
  if (meta.by.kind !== 'telegram') return { ok: true };
  const id = meta.by.userId;
  if (mayRun(def, roleOf(config, id))) return { ok: true };
  return { ok: false, reason: `user ${id} lacks the ${requiredRole(def)} role`, userText: texts.notAllowed(id) };
}

/**
 * A job runs only on the queue the registry assigns it: the queue decides retries and
 * re-runs after a crash, so a must-not-repeat job placed on `read@host` would run again.
 */
export function checkQueue(def: JobDef, actualQueue: string, meta: JobMeta, config: Config): AccessDecision {
  const expected = queueName(def.queue, config.hostId);
  if (actualQueue === expected) return { ok: true };
  return { ok: false, reason: `job belongs on queue ${expected}, found on ${actualQueue}`, userText: texts.wrongQueue(meta.requestId) };
}

/**
 * A mutating job runs only with a proof made with the worker's key (by the bot after an
 * admin's confirmation, or by the worker for its own system jobs), fresh, and never used
 * before: anything that only reached Redis can neither make one nor replay one. Consumes the
 * proof when it passes, so call it last, right before the job runs.
 */
export function checkProof(gate: ProofGate, name: JobName, payload: unknown, meta: JobMeta, config: Config, now: number): AccessDecision {
  const refuse = (reason: string): AccessDecision => ({ ok: false, reason, userText: texts.unproven(meta.requestId) });
  // The caller words an untrusted refusal under its own request id (refusalRequestId).
  const untrusted = (reason: string): AccessDecision => ({ ok: false, reason, userText: texts.unproven(meta.requestId), untrusted: true });
  const { proof, enqueuedAt: _enqueuedAt, ...subject } = meta;
  if (!proof) return untrusted(`mutating job without a proof of confirmation (claims request ${meta.requestId})`);
  if (!gate.signer.verify({ hostId: config.hostId, name, payload, meta: subject }, proof)) return untrusted(`mutating job with an invalid proof (claims request ${meta.requestId})`);
  if (proof.at > now + PROOF_MAX_SKEW_MS || proof.at < now - PROOF_MAX_AGE_MS) return refuse(`proof authorized at ${new Date(proof.at).toISOString()} is expired`);
  try {
    if (!gate.used.consume(proof.sig, proof.at, now)) return untrusted(`proof was already used: a replay of request ${meta.requestId}`);
  } catch (err) {
    return refuse(`cannot record the proof as used: ${(err as Error).message}`);
  }
  return { ok: true };
}
