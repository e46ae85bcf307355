import { sharedInt32 } from '../../components/shared-arrays.js';
import type { ShardState } from '../core/shard-state.js';
import type { RowSystem } from '../core/schedule.js';

/** Rows are claimed in whole blocks of this many slots (the last block may be shorter). */
export const CLAIM_BLOCK = 64;

/**
 * The rows of one tick's split phase, handed out on demand to the threads that write them (the tick's thread and
 * the pool's workers) instead of in fixed ranges: a thread that wakes late, or runs on a busy core, simply claims
 * fewer rows, and no thread waits for another's fixed share. Which thread writes a row never changes its bytes
 * (a row is a function of the prepared state only), so the split may differ from tick to tick.
 *
 * Layout (shared memory): [0] = the next unclaimed slot; [1 + b] = 1 once block b (slots 1 + b × CLAIM_BLOCK …) is
 * written. A block claimed by a thread that dies stays at 0, and the tick's thread writes it again afterwards.
 */
export class RowClaims {
  readonly words: Int32Array;
  readonly end: number;
  readonly blocks: number;

  /** Claims over agent slots [1, capacity + 1). */
  constructor(capacity: number, words?: Int32Array) {
    this.end = capacity + 1;
    this.blocks = Math.ceil(capacity / CLAIM_BLOCK);
    this.words = words ?? sharedInt32(1 + this.blocks);
    if (this.words.length !== 1 + this.blocks) throw new Error(`row claims of ${this.words.length} words for ${capacity} slots`);
  }

  /** Opens a tick: every block unwritten, the first slot next. Call before any thread may claim. */
  open(): void {
    this.words.fill(0, 1);
    Atomics.store(this.words, 0, 1);
  }

  /**
   * Claims and writes rows until none is left; `parts` threads share them. Claims shrink as the rows run out (a
   * share of what is left, at least one block), so the threads finish close together at few claims. `dieAfterHalf`
   * (fault injection, tests): the thread exits halfway through its first claim (at once when nothing is left).
   * Returns how many rows this thread wrote.
   */
  writeClaimed(parts: number, rows: RowSystem, s: ShardState, tick: number, dieAfterHalf = false): number {
    const words = this.words;
    const end = this.end;
    let written = 0;
    for (;;) {
      const from = Atomics.load(words, 0);
      if (from >= end) {
        if (dieAfterHalf) process.exit(1);
        return written;
      }
      const share = Math.ceil((end - from) / (2 * parts) / CLAIM_BLOCK) * CLAIM_BLOCK;
      const to = Math.min(end, from + Math.max(CLAIM_BLOCK, share));
      if (Atomics.compareExchange(words, 0, from, to) !== from) continue;
      if (dieAfterHalf) {
        rows(s, tick, from, (from + to) >> 1);
        process.exit(1);
      }
      rows(s, tick, from, to);
      written += to - from;
      const last = Math.ceil((to - 1) / CLAIM_BLOCK);
      for (let b = (from - 1) / CLAIM_BLOCK; b < last; b++) Atomics.store(words, 1 + b, 1);
    }
  }

  /** Writes every block no thread finished (after all threads are done or dead); returns how many. */
  writeUnfinished(rows: RowSystem, s: ShardState, tick: number): number {
    let redone = 0;
    for (let b = 0; b < this.blocks; b++) {
      if (Atomics.load(this.words, 1 + b) === 1) continue;
      const from = 1 + b * CLAIM_BLOCK;
      rows(s, tick, from, Math.min(this.end, from + CLAIM_BLOCK));
      Atomics.store(this.words, 1 + b, 1);
      redone++;
    }
    return redone;
  }
}
