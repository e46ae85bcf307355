import type { ShardState } from '../core/shard-state.js';
import { writeCoreFeatures, writeLandmarks, writePersonality, writeWork } from './features.js';
import { writeCompactMap, writeHybridMap } from './map-encoders.js';
import { observationContext } from './observation-context.js';
import { writeSocialSnippet } from './social-snippet.js';
import type { TensorState } from './tensor-state.js';

/**
 * Bytes of rows zeroed by one copy: enough to amortise the call (two per row with uint8 maps), little enough to
 * stay in L1 until the rows are written (measured: 3 float32 hybrid rows, or 9 uint8 ones; 16 float32 rows were
 * slower than one).
 */
const ZERO_BLOCK_BYTES = 8192;

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
  // Rows are zeroed a block at a time just before being written (the block stays in cache), by copying from zeros
  // in ordinary (unshared) memory: V8 copies that with memmove, where fill() on a SharedArrayBuffer stores element
  // by element (about 1.8× slower for a float32 row, 5× for bytes); a block amortises the call over several rows.
  const featureDim = obsDim - mapSize;
  const rowBytes = split ? mapSize + 4 * featureDim : 4 * obsDim;
  const block = Math.max(1, Math.floor(ZERO_BLOCK_BYTES / rowBytes));
  const zeroMap = split ? new Uint8Array(block * mapSize) : undefined;
  const zeroRows = new Float32Array(block * (split ? featureDim : obsDim));
  for (let eid = from; eid < to; eid++) {
    const mapBase = (eid - 1) * mapStride;
    const featureBase = (eid - 1) * featureStride + featureShift;
    if ((eid - from) % block === 0) {
      const rows = Math.min(block, to - eid);
      if (zeroMap) {
        map.set(rows === block ? zeroMap : zeroMap.subarray(0, rows * mapSize), mapBase);
        obs.set(rows === block ? zeroRows : zeroRows.subarray(0, rows * featureDim), featureBase + mapSize);
      } else {
        obs.set(rows === block ? zeroRows : zeroRows.subarray(0, rows * obsDim), mapBase);
      }
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
