import type { ShardState } from '../core/shard-state.js';
import { writeCoreFeatures, writeLandmarks, writePersonality, writeWork } from './features.js';
import { writeCompactMap, writeHybridMap } from './map-encoders.js';
import { observationContext } from './observation-context.js';
import { writeSocialSnippet } from './social-snippet.js';
import type { TensorState } from './tensor-state.js';

/**
 * Writes the observation rows of agent slots [from, to) (row = slot − 1) for the end of `tick`
 * (docs/TENSORS.md). prepareObservations must have run this tick. Reads typed arrays only and writes only these
 * rows, so workers can run it on disjoint ranges; empty slots get zeros.
 */
export function writeObservations(s: ShardState, t: TensorState, tick: number, from: number, to: number): void {
  const c = observationContext(s, t, tick);
  const { obs, obsDim } = c;
  const alive = s.life.alive;
  const { x, y } = s.positions;
  const compact = t.spec.variant === 'compact';
  for (let eid = from; eid < to; eid++) {
    const base = (eid - 1) * obsDim;
    // Zero the row just before writing it (it stays in cache); then only non-zero values are written.
    obs.fill(0, base, base + obsDim);
    if (alive[eid] !== 1) continue;
    const cx = x[eid]!;
    const cy = y[eid]!;
    const tile = cy * c.width + cx;
    if (compact) writeCompactMap(c, base, cx, cy);
    else writeHybridMap(c, base, cx, cy);
    writeCoreFeatures(c, base, eid, tile);
    writeWork(c, base, eid, cx, cy, tile);
    if (c.landmarks >= 0) writeLandmarks(c, base, cx, cy, tile);
    if (c.personality >= 0) writePersonality(c, base, eid);
    writeSocialSnippet(c, base, eid);
  }
}
