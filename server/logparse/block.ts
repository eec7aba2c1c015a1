/**
 * A multi-line block (heap info, heap trace) being read. `feed` says what a line was to it:
 * - `consume`: part of the block; `done`: its last line;
 * - `foreign`: not part of it but the block goes on (a log line from the other core);
 * - `close`: not part of it and the block is over (e.g. after a v4 trace's trailer).
 */
import type { Chip } from '../target/chips';
import type { EventDraft } from './draft';

export type FeedResult = 'consume' | 'done' | 'foreign' | 'close';

export interface Block {
  feed(text: string, chip: Chip | null): FeedResult;
  /** The block's one event; `complete: false` unless the block ended normally and whole. */
  finish(): EventDraft;
}
