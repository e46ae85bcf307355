import type { ShardState } from '../core/shard-state.js';
import { writeCoreFeatures, writeLandmarks, writePersonality, writeWork } from './features.js';
import { writeCompactMap, writeHybridMap } from './map-encoders.js';
import { type ObsContext, observationContext } from './observation-context.js';
import { writeSocialSnippet } from './social-snippet.js';
import type { TensorState } from './tensor-state.js';
import { WindowCache } from './window-cache.js';

/**
 * Writes the observation rows of agent slots [from, to) (row = slot − 1) for the end of `tick`
 * (docs/TENSORS.md). prepareObservations must have run this tick. Reads typed arrays only and writes only these
 * rows, so workers can run it on disjoint ranges; empty slots get zeros. With uint8 maps a row is a map row and
 * a feature row of the two tensors; the values are the same.
 */
export function writeObservations(s: ShardState, t: TensorState, tick: number, from: number, to: number): void {
  const c = observationContext(s, t, tick);
  const w = startWindows(c);
  const alive = s.life.alive;
  const { x, y } = s.positions;
  for (let eid = from; eid < to; eid++) {
    if (alive[eid] !== 1) {
      zeroRow(w, eid);
      continue;
    }
    const cx = x[eid]!;
    const cy = y[eid]!;
    const tile = cy * c.width + cx;
    copyWindow(w, eid, cx, cy);
    const featureBase = (eid - 1) * c.featureStride + c.featureShift;
    writeCoreFeatures(c, featureBase, eid, tile);
    writeWork(c, featureBase, eid, cx, cy, tile);
    if (c.landmarks >= 0) writeLandmarks(c, featureBase, cx, cy, tile);
    if (c.personality >= 0) writePersonality(c, featureBase, eid);
    writeSocialSnippet(c, featureBase, eid);
  }
}

/** A call's window writer: the row context, the same writers pointed at the window cache, and zeros. */
export interface WindowWriter {
  readonly c: ObsContext;
  readonly windows: WindowCache;
  readonly built: ObsContext;
  /** Floats of a cache entry: the whole row, or (uint8 maps) the feature row. */
  readonly rowLength: number;
  readonly mapSize: number;
  readonly split: boolean;
  readonly compact: boolean;
  readonly zeroRow: Float32Array;
  readonly zeroMap: Uint8Array | undefined;
}

/** Starts the window cache for one writer call. */
export function startWindows(c: ObsContext): WindowWriter {
  const spec = c.t.spec;
  const split = c.map !== c.obs;
  const mapSize = spec.mapSize;
  const rowLength = split ? spec.obsDim - mapSize : spec.obsDim;
  const windows = WindowCache.for(rowLength, split ? mapSize : 0);
  return {
    c,
    windows,
    // A cache entry's feature base counts from the start of its map, as a row's does (hence −mapSize when split).
    built: { ...c, obs: windows.rowData, map: windows.mapData },
    rowLength,
    mapSize,
    split,
    compact: spec.variant === 'compact',
    zeroRow: zeros(rowLength),
    zeroMap: split ? zeroBytes(mapSize) : undefined,
  };
}

/** Zeroes the row of an empty slot. */
export function zeroRow(w: WindowWriter, eid: number): void {
  const { c } = w;
  if (w.zeroMap) c.map.set(w.zeroMap, (eid - 1) * c.mapStride);
  c.obs.set(w.zeroRow, (eid - 1) * c.featureStride);
}

/**
 * Starts the row of a live agent on tile (cx, cy) as a copy of that tile's window: map channels, local summary,
 * zeros elsewhere. The window is built into the cache unless an agent on the same tile built it moments before
 * (every agent on a tile sees the same map channels and summary); the copy is also the row's zeroing. Copies come
 * from ordinary (unshared) memory, which V8 moves with memmove, where fill() or element stores on a
 * SharedArrayBuffer go element by element (1.8× slower for a float32 row, 5× for bytes).
 */
export function copyWindow(w: WindowWriter, eid: number, cx: number, cy: number): void {
  const { c, split, rowLength, mapSize, windows } = w;
  let entry = windows.entry(cy * c.width + cx);
  if (entry < 0) {
    entry = -entry - 1;
    windows.rows[entry]!.fill(0);
    if (split) windows.maps[entry]!.fill(0);
    const mapBase = split ? entry * mapSize : entry * rowLength;
    const featureBase = entry * rowLength - (split ? mapSize : 0);
    if (w.compact) writeCompactMap(w.built, mapBase, featureBase, cx, cy);
    else writeHybridMap(w.built, mapBase, featureBase, cx, cy);
  }
  if (split) c.map.set(windows.maps[entry]!, (eid - 1) * c.mapStride);
  c.obs.set(windows.rows[entry]!, (eid - 1) * c.featureStride);
}

/** Zeros in ordinary memory, one array per length and thread (copied from, never written). */
const zeroFloats = new Map<number, Float32Array>();
const zeroBytesOf = new Map<number, Uint8Array>();
function zeros(n: number): Float32Array {
  let z = zeroFloats.get(n);
  if (!z) zeroFloats.set(n, (z = new Float32Array(n)));
  return z;
}
function zeroBytes(n: number): Uint8Array {
  let z = zeroBytesOf.get(n);
  if (!z) zeroBytesOf.set(n, (z = new Uint8Array(n)));
  return z;
}
