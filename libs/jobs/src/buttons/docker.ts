import { z } from 'zod';
import { defineCodec } from './codec.js';

export const CONTAINER_ACTIONS = ['start', 'stop', 'restart', 'logs'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/**
 * 🐳 Containers: addressed by their index in DOCKER_WHITELIST (short data, never a free name):
 * `dk:list` shows them all, `dk:c:<i>` picks one, `dk:a:<i>:<action>` acts on it (the answer
 * edits the picker), `dk:n:<i>:<action>` acts on it from an alert (a new message: the alert
 * stays readable above the confirmation).
 */
export type DockerButton =
  | { kind: 'list' }
  | { kind: 'pick'; index: number }
  | { kind: 'action'; index: number; action: ContainerAction }
  | { kind: 'alert'; index: number; action: ContainerAction };

const index = z.string().regex(/^\d{1,3}$/).transform(Number);

export const dockerButtons = defineCodec<'dk', DockerButton>({
  family: 'dk',
  toParts: (v) => (v.kind === 'pick' ? ['c', v.index] : v.kind === 'action' ? ['a', v.index, v.action] : v.kind === 'alert' ? ['n', v.index, v.action] : ['list']),
  schema: z.union([
    z.tuple([z.literal('list')]).transform((): DockerButton => ({ kind: 'list' })),
    z.tuple([z.literal('c'), index]).transform(([, i]): DockerButton => ({ kind: 'pick', index: i })),
    z.tuple([z.literal('a'), index, z.enum(CONTAINER_ACTIONS)]).transform(([, i, action]): DockerButton => ({ kind: 'action', index: i, action })),
    z.tuple([z.literal('n'), index, z.enum(CONTAINER_ACTIONS)]).transform(([, i, action]): DockerButton => ({ kind: 'alert', index: i, action })),
  ]),
});
