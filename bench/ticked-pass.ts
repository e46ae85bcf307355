import type { ShardState } from '../src/core/shard-state.js';
import type { TensorState } from '../src/tensors/tensor-state.js';

/** prepareObservations and writeObservations of some build (the A/B tool loads another build's). */
export interface ObservationWriters {
  prepare(s: ShardState, t: TensorState, tick: number): void;
  write(s: ShardState, t: TensorState, tick: number, from: number, to: number): void;
}

/** A shard of any build, as far as this needs: its state and one world tick. */
interface Steppable {
  readonly state: ShardState;
  run(ticks: number): unknown;
}

/**
 * The observation pass as a trainer gets it, tick after tick: `ticks` times, one world tick with the shard's tensors
 * detached (untimed: the world systems never read them, and the shard's own tensor phase must not write the rows
 * first), then the timed prepare step and rows of that tick's end. Rows keep their windows between passes only as far
 * as the world left them unchanged (kept-windows.ts), so a pass repeated on one tick would overstate the writer.
 * Returns the timed milliseconds and the live agents observed (summed over the passes).
 */
export function tickedPasses(shard: Steppable, w: ObservationWriters, ticks: number): { ms: number; rows: number } {
  const s = shard.state;
  const t = s.tensors!;
  const end = s.layout.capacity + 1;
  let ms = 0;
  let rows = 0;
  for (let i = 0; i < ticks; i++) {
    s.tensors = undefined;
    try {
      shard.run(1);
    } finally {
      s.tensors = t;
    }
    const tick = s.clock[0]!;
    const t0 = performance.now();
    w.prepare(s, t, tick);
    w.write(s, t, tick, 1, end);
    ms += performance.now() - t0;
    rows += s.live.count(s.life.alive);
  }
  return { ms, rows };
}
