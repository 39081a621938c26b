import type { Lanes } from './lanes.js';

export interface Leftover {
  id: string;
  chatId: number;
}

interface Turn {
  /** Resolves when the previous leftover of the chat is done. */
  turn: Promise<void>;
  done: () => void;
}

/**
 * Messages a killed bot was sending (several per chat at once) come back from BullMQ's
 * stalled checker in no particular order. This keeps them in their original order per
 * chat, and ahead of anything newer of the same chat: each waits for the one before it,
 * and the chat's lane first waits for the last of them.
 */
export class LeftoverOrder {
  readonly #held = new Map<string, Turn>();

  /** `leftovers` oldest first. */
  plan(leftovers: readonly Leftover[], lanes: Lanes<number>): void {
    const tails = new Map<number, Promise<void>>();
    for (const l of leftovers) {
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      this.#held.set(l.id, { turn: tails.get(l.chatId) ?? Promise.resolve(), done });
      tails.set(l.chatId, finished);
    }
    for (const [chatId, last] of tails) void lanes.run(chatId, () => last);
  }

  /** Runs `task` in the job's turn if it is a leftover; undefined otherwise. */
  run<T>(jobId: string, task: () => Promise<T>): Promise<T> | undefined {
    const held = this.#held.get(jobId);
    if (!held) return undefined;
    this.#held.delete(jobId);
    return held.turn.then(task).finally(held.done);
  }

  /** A leftover that will not come back to this bot (finished meanwhile, or waiting gave up). */
  release(jobId: string): void {
    const held = this.#held.get(jobId);
    if (!held) return;
    this.#held.delete(jobId);
    void held.turn.then(held.done);
  }

  releaseAll(): void {
    for (const id of [...this.#held.keys()]) this.release(id);
  }
}
