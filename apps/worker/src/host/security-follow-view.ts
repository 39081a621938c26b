import type { JournalStream } from '@potion/adapters';

/** What the journal follower (security-follow.ts) tells the minute's read. */
export interface SecurityFollowView {
  /** True while a `journalctl -f` child follows this stream: the minute's read leaves it alone. */
  following: (stream: JournalStream) => boolean;
  /** Runs `fn` after the follower's batches in flight (one writer of the cursors at a time). */
  serialize: <T>(fn: () => Promise<T>) => Promise<T>;
}
