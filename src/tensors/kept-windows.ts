import type { ObsContext } from './observation-context.js';
import type { ObservationSpec } from './observation-spec.js';
import type { ObserverState } from './observer-state.js';

/*
 * Kept windows. A hybrid or full row's map channels and local summary are a function of the agent's tile and the
 * tile bytes of its window (map-encoders.ts): in the default town about three rows in four have the same tile and
 * an unchanged window from one tick to the next. Such a row keeps the map its buffer already holds, so the writer
 * neither builds nor copies it, and only its features are rewritten.
 *
 * The record (t.observer, derived: it describes the tensor buffers, not the world): the prepare step counts passes,
 * compares the tile bytes with the last pass's and stamps every tile within a window's radius of a changed byte
 * with the pass (`changedAt`). Per row the writer notes the tile whose window it holds and the pass that wrote or
 * kept it. A row keeps its map when it holds the same tile and was written in this pass, or in the pass before
 * with no change in its window since. Anything else (a new life, a move, a gap of a pass without rows, a restored
 * snapshot: rebuildDerivedState forgets the rows) writes the row whole, so the bytes are those of a full write.
 * Compact maps also read object types and walkability, so they are always written whole.
 */

/** Whether rows of this spec may keep their windows: the map is a function of the tile bytes only. */
export function keepsWindows(spec: ObservationSpec): boolean {
  return spec.variant !== 'compact';
}

/**
 * Starts a pass of the record (the prepare step, after the tile bytes are stamped): the pass count goes up and
 * every window around a tile whose byte changed since the last pass is stamped changed (the whole map when that is
 * cheaper: O(tiles + changed tiles × window²) at most twice the map).
 */
export function recordChangedWindows(o: ObserverState, spec: ObservationSpec, width: number, height: number): void {
  const pass = o.pass[0]! + 1;
  o.pass[0] = pass;
  if (!keepsWindows(spec)) return;
  const { tileCode, lastCode, changedAt } = o;
  const tiles = tileCode.length;
  const changed = changedTiles(tileCode, lastCode);
  const radius = spec.window >> 1;
  // Stamping costs a window per changed tile: past a map's worth (most agents moved), stamp the map once.
  if (changed.count * spec.window * spec.window >= tiles) {
    changedAt.fill(pass);
    return;
  }
  for (let i = 0; i < changed.count; i++) markAround(changedAt, changed.tiles[i]!, pass, radius, width, height);
}

/** Scratch of changedTiles (the prepare step runs on one thread). */
let scratch = new Int32Array(1024);

/**
 * The tiles whose byte differs between `tileCode` and `lastCode`, in tile order, and brings `lastCode` up to date.
 * Both arrays own their buffers from offset 0, so words are compared four tiles at a time.
 */
function changedTiles(tileCode: Uint8Array, lastCode: Uint8Array): { tiles: Int32Array; count: number } {
  const tiles = tileCode.length;
  const words = tiles >>> 2;
  const now = new Uint32Array(tileCode.buffer, 0, words);
  const before = new Uint32Array(lastCode.buffer, 0, words);
  let count = 0;
  const note = (tile: number) => {
    if (count === scratch.length) {
      const grown = new Int32Array(2 * scratch.length);
      grown.set(scratch);
      scratch = grown;
    }
    scratch[count++] = tile;
  };
  for (let i = 0; i < words; i++) {
    if (now[i] === before[i]) continue;
    for (let tile = 4 * i; tile < 4 * i + 4; tile++) if (tileCode[tile] !== lastCode[tile]) note(tile);
    before[i] = now[i]!;
  }
  for (let tile = 4 * words; tile < tiles; tile++) {
    if (tileCode[tile] === lastCode[tile]) continue;
    note(tile);
    lastCode[tile] = tileCode[tile]!;
  }
  return { tiles: scratch, count };
}

/** Stamps `pass` on every tile whose window (side 2 × radius + 1) contains `tile`. */
function markAround(changedAt: Int32Array, tile: number, pass: number, radius: number, width: number, height: number) {
  const tx = tile % width;
  const ty = (tile - tx) / width;
  const x0 = Math.max(0, tx - radius);
  const x1 = Math.min(width - 1, tx + radius);
  const y1 = Math.min(height - 1, ty + radius);
  for (let y = Math.max(0, ty - radius); y <= y1; y++) {
    const rowStart = y * width;
    for (let x = x0; x <= x1; x++) changedAt[rowStart + x] = pass;
  }
}

/** Whether row `row`, whose agent stands on `tile`, still holds that tile's window as of pass `pass`. */
export function holdsWindow(o: ObserverState, row: number, tile: number, pass: number): boolean {
  if (o.rowTile[row] !== tile) return false;
  const wrote = o.rowPass[row]!;
  return wrote === pass || (wrote === pass - 1 && o.changedAt[tile] !== pass);
}

/** Notes that row `row` now holds the window of `tile`, with the local summary its features got (from featureBase). */
export function noteWindow(c: ObsContext, o: ObserverState, row: number, tile: number, featureBase: number): void {
  const at = featureBase + c.summary;
  for (let k = 0; k < 4; k++) o.rowSummary[4 * row + k] = c.obs[at + k]!;
  o.rowTile[row] = tile;
}
