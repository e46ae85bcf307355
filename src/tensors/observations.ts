import type { ShardState } from '../core/shard-state.js';
import { writeCoreFeatures, writeLandmarks, writePersonality, writeWork } from './features.js';
import { buildsByWords, writeHybridBytes } from './hybrid-bytes.js';
import { holdsWindow, keepsWindows, noteWindow } from './kept-windows.js';
import { writeCompactMap, writeHybridMap } from './map-encoders.js';
import { type ObsContext, observationContext } from './observation-context.js';
import { writeSocialSnippet } from './social-snippet.js';
import type { TensorState } from './tensor-state.js';
import { WindowCache } from './window-cache.js';

/**
 * Writes the observation rows of agent slots [from, to) (row = slot − 1) for the end of `tick`
 * (docs/TENSORS.md). prepareObservations must have run this tick. Reads typed arrays only and writes only these
 * rows (and their entries of the window record), so workers can run it on disjoint ranges; empty slots get zeros.
 * With uint8 maps a row is a map row and a feature row of the two tensors; the values are the same. A row whose
 * window is unchanged since it was written keeps its map (kept-windows.ts).
 */
export function writeObservations(s: ShardState, t: TensorState, tick: number, from: number, to: number): void {
  const c = observationContext(s, t, tick);
  const w = startWindows(c);
  const alive = s.life.alive;
  const { x, y } = s.positions;
  const o = t.observer;
  const keeps = keepsWindows(t.spec);
  const pass = o.pass[0]!;
  let zeroedTo = w.split ? from : to;
  for (let eid = from; eid < to; eid++) {
    if (eid >= zeroedTo) zeroedTo = zeroFeatureBlock(w, eid, to);
    const row = eid - 1;
    if (alive[eid] !== 1) {
      // Its record's pass falls behind, so a life that comes back to this row writes it whole.
      zeroRow(w, eid);
      continue;
    }
    const cx = x[eid]!;
    const cy = y[eid]!;
    const tile = cy * c.width + cx;
    const featureBase = row * c.featureStride + c.featureShift;
    if (keeps && holdsWindow(o, row, tile, pass)) {
      keepWindow(w, eid, featureBase, o.rowSummary);
    } else {
      copyWindow(w, eid, cx, cy);
      if (keeps) noteWindow(c, o, row, tile, featureBase);
    }
    if (keeps) o.rowPass[row] = pass;
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
  /** The tile bytes when windows are built four cells a word (hybrid-bytes.ts), else undefined. */
  readonly codeView: DataView | undefined;
  readonly zeroRow: Float32Array;
  readonly zeroMap: Uint8Array | undefined;
  /** Zero feature rows, about 8 KiB (uint8 maps), else empty. */
  readonly zeroBlock: Float32Array;
  /** A zero feature row (float32 maps: what a row that keeps its map zeroes), else empty. */
  readonly zeroFeatures: Float32Array;
  /** Offset of the local summary in a cache entry's row and a tensor row (of the feature tensor, with uint8 maps). */
  readonly summary: number;
}

/** Starts the window cache for one writer call. */
export function startWindows(c: ObsContext): WindowWriter {
  const spec = c.t.spec;
  const split = c.map !== c.obs;
  const mapSize = spec.mapSize;
  const rowLength = split ? spec.obsDim - mapSize : spec.obsDim;
  const byWords = buildsByWords(spec);
  const code = c.t.observer.tileCode;
  // The byte builder never zeroes an entry, so its cache keeps the self cell set.
  const windows = WindowCache.for(rowLength, split ? mapSize : 0, byWords ? c.radius * c.window + c.radius : -1);
  return {
    c,
    windows,
    // A cache entry's feature base counts from the start of its map, as a row's does (hence −mapSize when split).
    built: { ...c, obs: windows.rowData, map: windows.mapData },
    rowLength,
    mapSize,
    split,
    compact: spec.variant === 'compact',
    codeView: byWords ? new DataView(code.buffer, code.byteOffset, code.byteLength) : undefined,
    zeroRow: zeros(rowLength),
    zeroMap: split ? zeroBytes(mapSize) : undefined,
    zeroBlock: zeros(split ? Math.max(1, Math.floor(2048 / rowLength)) * rowLength : 0),
    zeroFeatures: zeros(split ? 0 : spec.obsDim - mapSize),
    summary: c.summary + (split ? -mapSize : 0),
  };
}

/**
 * With uint8 maps, zeroes the feature rows of slots [eid, eid + a block) (at most `to`) in one copy and returns
 * where the block ends: a row then copies only its map and summary (one call a row, as a float32 row's copy is).
 */
function zeroFeatureBlock(w: WindowWriter, eid: number, to: number): number {
  const { c, zeroBlock } = w;
  const n = Math.min(zeroBlock.length / c.featureStride, to - eid);
  const at = (eid - 1) * c.featureStride;
  if (n * c.featureStride === zeroBlock.length) c.obs.set(zeroBlock, at);
  else c.obs.fill(0, at, at + n * c.featureStride);
  return eid + n;
}

/** Zeroes the row of an empty slot (with uint8 maps its map row: writeObservations zeroes feature rows by blocks). */
export function zeroRow(w: WindowWriter, eid: number): void {
  const { c } = w;
  if (w.zeroMap) c.map.set(w.zeroMap, (eid - 1) * c.mapStride);
  else c.obs.set(w.zeroRow, (eid - 1) * c.featureStride);
}

/**
 * Starts the row of a live agent whose map is kept (kept-windows.ts): its features are zeroed (float32 maps; with
 * uint8 maps zeroFeatureBlock did it), its map is left as it is and its local summary comes from the record.
 */
function keepWindow(w: WindowWriter, eid: number, featureBase: number, rowSummary: Float32Array): void {
  const { c } = w;
  if (!w.split) c.obs.set(w.zeroFeatures, (eid - 1) * c.featureStride + w.mapSize);
  const at = featureBase + c.summary;
  const from = 4 * (eid - 1);
  for (let k = 0; k < 4; k++) c.obs[at + k] = rowSummary[from + k]!;
}

/**
 * Starts the row of a live agent on tile (cx, cy) as a copy of that tile's window: map channels, local summary,
 * zeros elsewhere. The window is built into the cache unless an agent on the same tile built it moments before
 * (every agent on a tile sees the same map channels and summary); the copy is also the row's zeroing. With uint8
 * maps the feature row is already zero (zeroFeatureBlock): the map row is copied and the summary set. Copies come
 * from ordinary (unshared) memory, which V8 moves with memmove, where fill() or element stores on a
 * SharedArrayBuffer go element by element (1.8× slower for a float32 row, 5× for bytes).
 */
export function copyWindow(w: WindowWriter, eid: number, cx: number, cy: number): void {
  const { c, windows } = w;
  let entry = windows.entry(cy * c.width + cx);
  if (entry < 0) {
    entry = -entry - 1;
    buildWindow(w, entry, cx, cy);
  }
  if (w.split) {
    c.map.set(windows.maps[entry]!, (eid - 1) * c.mapStride);
    const from = entry * w.rowLength + w.summary;
    const to = (eid - 1) * c.featureStride + w.summary;
    const rows = windows.rowData;
    c.obs[to] = rows[from]!;
    c.obs[to + 1] = rows[from + 1]!;
    c.obs[to + 2] = rows[from + 2]!;
    c.obs[to + 3] = rows[from + 3]!;
  } else {
    c.obs.set(windows.rows[entry]!, (eid - 1) * c.featureStride);
  }
}

/** Builds the window of tile (cx, cy) into cache entry `entry`. */
function buildWindow(w: WindowWriter, entry: number, cx: number, cy: number): void {
  const { split, rowLength, mapSize, windows } = w;
  const featureBase = entry * rowLength - (split ? mapSize : 0);
  if (w.codeView) {
    // By words: every map byte but the self cell (kept) and, of the feature row, only the summary: no zeroing.
    const bytes = windows.mapData as Uint8Array;
    const dirty = windows.dirtyRows;
    const mapBase = entry * mapSize;
    const view = windows.mapView;
    dirty[entry] = writeHybridBytes(w.built, w.codeView, bytes, view, mapBase, featureBase, cx, cy, dirty[entry]!);
    return;
  }
  windows.rows[entry]!.fill(0);
  if (split) windows.maps[entry]!.fill(0);
  const mapBase = split ? entry * mapSize : entry * rowLength;
  if (w.compact) writeCompactMap(w.built, mapBase, featureBase, cx, cy);
  else writeHybridMap(w.built, mapBase, featureBase, cx, cy);
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
