import { writeHybridMap, writeSummary } from './map-encoders.js';
import type { ObsContext } from './observation-context.js';
import type { ObservationSpec } from './observation-spec.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;
/** A byte lane mask: bit 0 of each of the four bytes of a word. */
const LANES = 0x01010101;
/** Multiplying a word of 0/1 bytes by this puts byte k's bit at bit 28 + k (the products never overlap). */
const GATHER = 0x10204080;

/**
 * Whether the spec's windows are built by words (writeHybridBytes): hybrid uint8 maps with a window of 5–31 tiles
 * (a window row is at least one word and its cells fit a 32-bit mask).
 */
export function buildsByWords(spec: ObservationSpec): boolean {
  return spec.mapDtype === 'uint8' && spec.variant === 'hybrid' && spec.window >= 5 && spec.window <= 31;
}

/**
 * writeHybridMap for uint8 maps, four cells a word: the same bytes and local summary, into a map whose self cell is
 * already 1 (the window cache's entries keep it). A window row is read from the tile bytes as little-endian words
 * (the last overlapping the one before when the side is not a multiple of 4), and each word becomes its three
 * channel words by masks (agents present, object, held), stored whole: no branch per cell. Counts are byte sums (a
 * multiply), the nearest agent comes from a row's bit mask. Rows with no occupied tile (tileBits) are skipped unless
 * `dirtyRows` (bit k: window row k of channels 1–3 may hold ones from an earlier window) says they must be cleared;
 * the result is that mask for the map as left. Windows that cross the map's edge go to writeHybridMap (after a
 * memset). `code` views the tile bytes, `out` the map bytes (`outView` the same).
 */
export function writeHybridBytes(
  c: ObsContext,
  code: DataView,
  out: Uint8Array,
  outView: DataView,
  mapBase: number,
  featureBase: number,
  cx: number,
  cy: number,
  dirtyRows: number,
): number {
  const { window, radius, area, width } = c;
  const rowMask = (1 << window) - 1;
  if (cx < radius || cy < radius || cx + radius >= width || cy + radius >= c.height) {
    out.fill(0, mapBase + area, mapBase + 4 * area);
    writeHybridMap(c, mapBase, featureBase, cx, cy);
    return rowMask;
  }
  const bits = c.t.observer.tileBits;
  const last = window - 4;
  // The last word's cells already counted by the word before (its low bytes): shifted out before counting.
  const overlapBits = 8 * (4 - (window & 3));
  const centreMask = 1 << radius;
  let agents = -1; // the agent itself is one of its tile's count, not an "other" agent
  let objects = 0;
  let reserved = 0;
  let nearest = INF;
  let dirty = 0;
  for (let row = 0; row < window; row++) {
    const src = (cy - radius + row) * width + cx - radius;
    const shift = src & 31;
    const word = src >>> 5;
    const occupied = shift === 0 ? bits[word]! : (bits[word]! >>> shift) | (bits[word + 1]! << (32 - shift));
    if ((occupied & rowMask) === 0) {
      if ((dirtyRows & (1 << row)) === 0) continue;
    } else {
      dirty |= 1 << row;
    }
    const dst = mapBase + row * window;
    let objectLanes = 0;
    let heldLanes = 0;
    let present = 0;
    for (let off = 0; ; off += 4) {
      const at = off < last ? off : last;
      const w = code.getUint32(src + at, true);
      const counts = w & 0x3f3f3f3f;
      // A count byte is ≤ 63, so adding 127 sets its top bit exactly when it is not 0 (no carry between bytes).
      const agentLanes = ((counts + 0x7f7f7f7f) >>> 7) & LANES;
      const objectLane = (w >>> 7) & LANES;
      const heldLane = (w >>> 6) & LANES;
      outView.setUint32(dst + area + at, agentLanes, true);
      outView.setUint32(dst + 2 * area + at, objectLane, true);
      outView.setUint32(dst + 3 * area + at, heldLane, true);
      const drop = at === off ? 0 : overlapBits;
      // A byte sum: the top byte of x × 0x01010101 (four counts ≤ 63 cannot overflow it).
      agents += Math.imul(counts >>> drop, LANES) >>> 24;
      objectLanes += objectLane >>> drop;
      heldLanes += heldLane >>> drop;
      present |= (Math.imul(agentLanes, GATHER) >>> 28) << at;
      if (at === last) break;
    }
    // Lanes hold at most 8 ones each (≤ 8 words a row), so one byte sum per row is exact.
    objects += Math.imul(objectLanes, LANES) >>> 24;
    reserved += Math.imul(heldLanes, LANES) >>> 24;
    if (row === radius && (code.getUint8(src + radius) & 0x3f) === 1) present &= ~centreMask;
    if (present !== 0) {
      const dy = row - radius;
      const dx = nearestColumn(present, radius, centreMask);
      const d2 = dy * dy + dx * dx;
      if (d2 < nearest) nearest = d2;
    }
  }
  writeSummary(c, featureBase, agents, objects, reserved, nearest);
  return dirty;
}

/** |column − radius| of the set bit of `present` (bit k = window column k; not 0) nearest the centre column. */
function nearestColumn(present: number, radius: number, centreMask: number): number {
  if ((present & centreMask) !== 0) return 0;
  let best = 64;
  const left = present & (centreMask - 1);
  if (left !== 0) best = radius - (31 - Math.clz32(left));
  const right = present >>> (radius + 1);
  if (right !== 0) {
    const d = 32 - Math.clz32(right & -right);
    if (d < best) best = d;
  }
  return best;
}
