import { buttons, type ContainerAction, type HostSample } from '@potion/jobs';
import { alertTexts } from './texts.js';
import type { Level, Observation } from './types.js';

export const containerAlertId = (name: string) => `ctr.${name}`;

/** Restarts between two samples that make a loop even when the sample never caught "restarting". */
export const LOOP_RESTARTS = 2;

export interface ContainerRuleInput {
  sample: HostSample;
  previous: HostSample | undefined;
  /** DOCKER_WHITELIST: the index is what the alert's buttons carry. */
  whitelist: readonly string[];
  /** Alert ids that are not ok right now. */
  open: ReadonlySet<string>;
  /** Containers stopped on purpose from the bot: their being exited is no alert. */
  stoppedOnPurpose: ReadonlySet<string>;
}

function button(whitelist: readonly string[], name: string, action: ContainerAction, text: string): { text: string; data: string }[] {
  const index = whitelist.indexOf(name);
  const data = index < 0 ? undefined : buttons.docker.tryBuild({ kind: 'alert', index, action });
  return data === undefined ? [] : [{ text, data }];
}

/**
 * The whitelisted containers (pure): one that exits (or dies) while it was running, or with an
 * error code, is bad at once; one that restarts in a loop (the engine says "restarting", or
 * the restart count climbed by LOOP_RESTARTS since the previous sample) is bad at once; running
 * with no new restart since a previous reading clears. A single restart by the policy, "created", "paused" or a
 * container that is gone hold. While Docker cannot be read, every open container alert holds
 * (its reminder says why), so a socket hiccup neither closes nor opens one.
 */
export function observeContainers(input: ContainerRuleInput): Observation[] {
  const { sample: s, previous, whitelist } = input;
  if (!s.docker) return [];
  if (s.docker.unread !== undefined) {
    const why = s.docker.unread;
    return [...input.open]
      .filter((id) => id.startsWith('ctr.'))
      .map((id) => ({ id, family: 'docker' as const, level: 'hold' as const, forMs: 0, text: alertTexts.containerUnread(id.slice(4), why), label: `Container ${id.slice(4)}` }));
  }
  const out: Observation[] = [];
  for (const c of s.docker.containers) {
    const id = containerAlertId(c.name);
    // Without a reading before this one (Docker unread, a first sample) the count says nothing new.
    const was = previous?.docker && previous.docker.unread === undefined ? previous.docker.containers.find((p) => p.name === c.name) : undefined;
    const newRestarts = was ? Math.max(0, c.restartCount - was.restartCount) : undefined;
    const loop = c.state === 'restarting' || (newRestarts ?? 0) >= LOOP_RESTARTS;
    let level: Level;
    if (loop) level = 'bad';
    else if (c.state === 'exited' || c.state === 'dead') {
      if (input.stoppedOnPurpose.has(c.name)) level = 'clear';
      else if (c.state === 'dead' || c.exitCode !== 0 || was?.state === 'running' || was?.state === 'restarting' || input.open.has(id)) level = 'bad';
      else level = 'hold';
    } else if (c.state === 'running') level = newRestarts === 0 ? 'clear' : 'hold';
    // (running after an unknown stretch: hold, the next sample tells whether it stays up)
    else level = 'hold';
    const text = loop ? alertTexts.containerLoop(c.name, c.restartCount) : alertTexts.containerDown(c.name, c.state, c.exitCode);
    const row = loop ? button(whitelist, c.name, 'logs', '📜 Log terakhir') : [...button(whitelist, c.name, 'start', '▶️ Start'), ...button(whitelist, c.name, 'logs', '📜 Log terakhir')];
    out.push({ id, family: 'docker', level, forMs: 0, text, label: `Container ${c.name}`, ...(row.length ? { buttons: [row] } : {}) });
  }
  return out;
}
