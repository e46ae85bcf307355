import type { ShardState } from '../core/shard-state.js';
import { writeCoreFeatures, writeLandmarks, writePersonality, writeWork } from './features.js';
import { writeCompactMap, writeHybridMap } from './map-encoders.js';
import { observationContext } from './observation-context.js';
import { writeSocialSnippet } from './social-snippet.js';
import type { TensorState } from './tensor-state.js';

/**
 * Writes the observation rows of agent slots [from, to) (row = slot − 1) for the end of `tick`
 * (docs/TENSORS.md). prepareObservations must have run this tick. Reads typed arrays only and writes only these
 * rows, so workers can run it on disjoint ranges; empty slots get zeros. With uint8 maps a row is a map row and
 * a feature row of the two tensors; the values are the same.
 */
export function writeObservations(s: ShardState, t: TensorState, tick: number, from: number, to: number): void {
  const c = observationContext(s, t, tick);
  const { obs, map, obsDim, mapStride, featureStride, featureShift } = c;
  const split = map !== obs;
  const mapSize = t.spec.mapSize;
  const alive = s.life.alive;
  const { x, y } = s.positions;
  const compact = t.spec.variant === 'compact';
  // Rows are zeroed by copying from zeros in ordinary (unshared) memory: V8 copies that with memmove, where
  // fill() on a SharedArrayBuffer stores element by element (about 1.8× slower for a float32 row, 5× for bytes).
  const zeroMap = split ? new Uint8Array(mapSize) : undefined;
  const zeroRow = new Float32Array(split ? obsDim - mapSize : obsDim);
  for (let eid = from; eid < to; eid++) {
    const mapBase = (eid - 1) * mapStride;
    const featureBase = (eid - 1) * featureStride + featureShift;
    // Zero the row just before writing it (it stays in cache); then only non-zero values are written.
    if (zeroMap) {
      map.set(zeroMap, mapBase);
      obs.set(zeroRow, featureBase + mapSize);
    } else {
      obs.set(zeroRow, mapBase);
    }
    if (alive[eid] !== 1) continue;
    const cx = x[eid]!;
    const cy = y[eid]!;
    const tile = cy * c.width + cx;
    if (compact) writeCompactMap(c, mapBase, featureBase, cx, cy);
    else writeHybridMap(c, mapBase, featureBase, cx, cy);
    writeCoreFeatures(c, featureBase, eid, tile);
    writeWork(c, featureBase, eid, cx, cy, tile);
    if (c.landmarks >= 0) writeLandmarks(c, featureBase, cx, cy, tile);
    if (c.personality >= 0) writePersonality(c, featureBase, eid);
    writeSocialSnippet(c, featureBase, eid);
  }
}
