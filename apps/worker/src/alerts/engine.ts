import type { HostSample, OutboxMessage } from '@potion/jobs';
import { clock, duration, Html, toHtml, type Text } from '@potion/jobs';
import type { Deps } from '../runtime/context.js';
import { adminJobId } from '../runtime/outbox.js';
import { isForecastAlert } from './forecast-rules.js';
import { hddSeenMounted } from './hdd-seen.js';
import { alertHostName, hostPrefix } from './host-name.js';
import { actOnPower } from './power-actions.js';
import { isProbeAlert } from './probe-rules.js';
import { muteRow, observe, timingOf } from './rules.js';
import { readToggles } from './settings.js';
import { episodeMs, step } from './state-machine.js';
import { saveStateMirror } from '../runtime/state-mirror.js';
import { loadOpen, mutedIds, toHash } from './store.js';
import { alertTexts } from './texts.js';
import type { AlertEvent, AlertFamily, AlertState, Observation } from './types.js';

type Buttons = NonNullable<OutboxMessage['buttons']>;

/** One alert message for one admin, with the outbox job id that makes it unique. */
interface PendingMessage {
  jobId: string;
  chatId: number;
  text: string;
  buttons?: Buttons;
  createdAt: number;
}

export interface AlertOutcome {
  id: string;
  event: AlertEvent;
  /** False when the message was held back (muted, or a recovery of a muted alert). */
  sent: boolean;
}

/** Alert events kept for the digest: plenty for 24 h of a noisy day. */
export const ALERT_LOG_LENGTH = 500;

function wording(event: AlertEvent, obs: Observation, prev: AlertState | undefined, next: AlertState | undefined, now: number, tz: string): { text: string; buttons: Buttons } {
  if (event === 'recover') {
    const lasted = duration(prev ? episodeMs(prev, now) : 0);
    if (obs.family === 'host') return { text: toHtml(alertTexts.hostBack(obs.label, lasted)), buttons: [] };
    const text = isForecastAlert(obs.id) ? alertTexts.forecastBack(obs.label, lasted) : isProbeAlert(obs.id) ? alertTexts.probeBack(obs.label, lasted) : obs.family === 'power' ? (obs.id === 'battery' ? alertTexts.batteryBack() : alertTexts.powerBack(lasted)) : obs.family === 'net' ? alertTexts.netBack(lasted) : obs.family === 'backup' ? alertTexts.backupBack(lasted) : alertTexts.recover(obs.label, lasted);
    return { text: toHtml(text), buttons: [] };
  }
  const buttons = [...(obs.buttons ?? []), ...muteRow(obs.id)];
  const since = next?.since ?? now;
  // "tidak terdengar sejak 14:02" says when already.
  if (event === 'fire' && obs.family === 'host') return { text: obs.text, buttons };
  if (event === 'fire') return { text: toHtml(alertTexts.fire(Html.trusted(obs.text), clock(since, tz))), buttons };
  return { text: toHtml(alertTexts.remind(Html.trusted(obs.text), duration(now - since))), buttons };
}

/** Puts decided messages into the outbox, oldest first; their ids make a second drain a no-op. */
export async function drainPending(deps: Deps): Promise<number> {
  const raw = await deps.redis.lrange(deps.keys.alertsPending, 0, -1);
  for (const line of raw) {
    const m = JSON.parse(line) as PendingMessage;
    await deps.producer.enqueue(
      'notify.send',
      { chatId: m.chatId, text: m.text, kind: 'alert', createdAt: m.createdAt, ...(m.buttons && m.buttons.length ? { buttons: m.buttons } : {}) },
      { requestId: 'alert', by: { kind: 'system', name: 'alerts' }, enqueuedAt: deps.now() },
      { jobId: m.jobId },
    );
  }
  if (raw.length) await deps.redis.ltrim(deps.keys.alertsPending, raw.length, -1);
  return raw.length;
}

export interface ApplyOptions {
  /**
   * Alerts of these families that got no observation are dropped silently (their rule is
   * gone). The early disk-full alerts (`forecast.*`) are never dropped this way: the hourly
   * forecast observes them, not the sample.
   */
  dropUnobserved?: readonly AlertFamily[];
}

/**
 * Feeds observations through the anti-spam state machine, stores the new states (hashes
 * `potion:alert:<id>`) together with the messages to send in one MULTI, then drains the
 * messages into the outbox. A crash anywhere leaves either the old state or the new state
 * with its messages still pending: never a lost or a doubled alert.
 */
export async function applyObservations(deps: Deps, observations: readonly Observation[], opts: ApplyOptions = {}): Promise<AlertOutcome[]> {
  const log = deps.log.child({ module: 'worker:alerts' });
  await drainPending(deps);
  const now = deps.now();
  // The thresholds set from ⚙️ Settings count at once (decision 046): kept in memory, no Redis round trip.
  const cfg = deps.tuning.current().alerts;
  const [toggles, open] = await Promise.all([readToggles(deps.redis, deps.keys), loadOpen(deps.redis, deps.keys)]);
  const muted = await mutedIds(deps.redis, deps.keys, observations.map((o) => o.id));
  // More than one host: every alert starts with the name of the host it is about (read once, when one is sent).
  let prefix: string | undefined;
  const tx = deps.redis.multi();
  let writes = 0;
  const outcomes: AlertOutcome[] = [];
  const seen = new Set<string>();

  for (const obs of observations) {
    seen.add(obs.id);
    const prev = open.get(obs.id);
    if (!toggles[obs.family]) {
      if (prev) {
        tx.del(deps.keys.alert(obs.id)).srem(deps.keys.alertsOpen, obs.id);
        writes += 1;
      }
      continue;
    }
    const { next, event } = step(prev, obs, now, timingOf(obs, cfg));
    let stored = next;
    if (event) {
      const isMuted = muted.has(obs.id);
      // A recovery goes out when the admins heard of the alert, even while it is muted.
      // The critical battery ends with the AC: "listrik nyala lagi" says it already.
      const send = event === 'recover' ? prev?.notified === true && obs.id !== 'battery' : !isMuted;
      if (send) {
        const { text: said, buttons } = wording(event, obs, prev, next, now, deps.config.timezone);
        // A host alert names its host itself.
        prefix ??= obs.family === 'host' ? undefined : hostPrefix(await alertHostName(deps));
        const text = obs.family === 'host' || !prefix ? said : `${toHtml(prefix)}${said}`;
        const episode = next?.since ?? prev?.since ?? now;
        const tag = event === 'remind' ? `remind${next?.reminders ?? 0}` : event;
        // Queued in the same transaction as the alert state (drained by drainPending), so not tellAdmins; the same ids.
        for (const chatId of deps.config.adminIds) {
          const m: PendingMessage = { jobId: adminJobId('alert', `${obs.id}.${episode}.${tag}`, chatId), chatId, text, createdAt: now, ...(buttons.length ? { buttons } : {}) };
          tx.rpush(deps.keys.alertsPending, JSON.stringify(m));
        }
        if (stored) stored = { ...stored, notified: true };
      }
      outcomes.push({ id: obs.id, event, sent: send });
      // The capped log the daily digest reads ("alert 24 jam terakhir").
      tx.lpush(deps.keys.alertsLog, JSON.stringify({ at: now, id: obs.id, label: obs.label, event, sent: send })).ltrim(deps.keys.alertsLog, 0, ALERT_LOG_LENGTH - 1);
      log.info({ alert: obs.id, event, sent: send, muted: isMuted }, `alert ${event}`);
    }
    if (!stored) {
      if (prev) {
        tx.del(deps.keys.alert(obs.id)).srem(deps.keys.alertsOpen, obs.id);
        writes += 1;
      }
    } else if (!prev || JSON.stringify(toHash(prev)) !== JSON.stringify(toHash(stored))) {
      tx.del(deps.keys.alert(obs.id)).hset(deps.keys.alert(obs.id), toHash(stored)).sadd(deps.keys.alertsOpen, obs.id);
      writes += 1;
    }
  }
  for (const [id, s] of open) {
    if (!seen.has(id) && !isForecastAlert(id) && (opts.dropUnobserved ?? []).includes(s.family)) {
      tx.del(deps.keys.alert(id)).srem(deps.keys.alertsOpen, id);
      writes += 1;
    }
  }
  if (writes > 0 || outcomes.length > 0) {
    await tx.exec();
    // The admins were told: a Redis that comes back empty must not make them hear it again.
    if (writes > 0) await saveStateMirror(deps);
  } else tx.discard();
  await drainPending(deps);
  return outcomes;
}

/** Sample-driven families: an open alert of these with no rule left (unit removed) is dropped. */
const SAMPLED: readonly AlertFamily[] = ['cpu', 'ram', 'disk', 'temp', 'service', 'hdd', 'net', 'power', 'docker'];

/** Runs the PRD section 14 rules over a new sample. */
export async function evaluateSample(deps: Deps, sample: HostSample, previous: HostSample | undefined): Promise<AlertOutcome[]> {
  const [open, stopped, dockerStopped] = await Promise.all([
    deps.redis.smembers(deps.keys.alertsOpen),
    deps.redis.smembers(deps.keys.servicesStopped),
    sample.docker ? deps.redis.smembers(deps.keys.dockerStopped) : [],
  ]);
  const hdd = sample.disks.find((d) => d.mount === deps.config.hddMount);
  // A DATA_DIR that cannot be read or written must not stop the alerts: the lost-mount text then.
  const hddSeen = hdd
    ? await hddSeenMounted({ dataDir: deps.config.dataDir, mount: deps.config.hddMount, mountedNow: hdd.mounted, now: deps.now() }).catch((err: unknown) => {
        deps.log.error({ module: 'worker:alerts', err }, 'cannot read or write DATA_DIR/hdd-seen.json');
        return true;
      })
    : true;
  const tuned = deps.tuning.current();
  const observations = observe({
    hddSeenMounted: hddSeen,
    sample,
    previous,
    cfg: tuned.alerts,
    hddMount: deps.config.hddMount,
    open: new Set(open),
    stoppedOnPurpose: new Set(stopped),
    probeForMs: tuned.probeForMs,
    dockerWhitelist: deps.config.dockerWhitelist,
    dockerStopped: new Set(dockerStopped),
  });
  const outcomes = await applyObservations(deps, observations, { dropUnobserved: SAMPLED });
  await actOnPower(deps, sample);
  return outcomes;
}

export interface RaiseAlertInput {
  /** Stable id of the condition, e.g. `backup` (letters, digits, "._-"). */
  id: string;
  family: AlertFamily;
  /** What went wrong, in Indonesian, without a prefix (plain text or markup). */
  text: Text;
  /** Short name for the recovery message. */
  label: string;
  buttons?: Buttons;
}

/**
 * Raises an alert from code that is not the sampler, e.g. a failed scheduled backup:
 * `raiseAlert(deps, { id: 'backup', family: 'backup', label: 'Backup', text: 'Backup harian gagal: ...' })`.
 * Sent once (no reminders for `backup`); raising it again while it is open sends nothing.
 * Call `resolveAlert(deps, 'backup', ...)` after the next success for the "sudah normal lagi".
 */
export async function raiseAlert(deps: Deps, a: RaiseAlertInput): Promise<AlertOutcome[]> {
  return applyObservations(deps, [{ id: a.id, family: a.family, level: 'bad', forMs: 0, text: toHtml(a.text), label: a.label, ...(a.buttons ? { buttons: a.buttons } : {}) }]);
}

export async function resolveAlert(deps: Deps, a: Omit<RaiseAlertInput, 'text' | 'buttons'>): Promise<AlertOutcome[]> {
  return applyObservations(deps, [{ id: a.id, family: a.family, level: 'clear', forMs: 0, text: '', label: a.label }]);
}
