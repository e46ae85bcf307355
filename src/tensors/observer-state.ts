import { sharedFloat32, sharedInt16, sharedInt32, sharedUint32, sharedUint8 } from '../../components/shared-arrays.js';
import type { ShardState } from '../core/shard-state.js';
import type { StateRegistry } from '../core/state-registry.js';

/** tiles.code bits: an object stands on the tile; its object is held (a reservation). */
export const TILE_OBJECT = 0x80;
export const TILE_RESERVED = 0x40;
/** tiles.code low bits: live agents on the tile, saturating at 63. */
export const TILE_AGENTS = 0x3f;

/**
 * What the observation pass keeps besides the embedding slots:
 * - `ctxReset`, `lastX`, `lastY` (registered): per agent slot, this tick's ctx_reset flag and the tile of its
 *   last observation, so a new life or a jump of more than one tile (a teleport) raises the flag;
 * - `tileCode` (derived, one byte a tile): objects, held objects and agent counts of the whole map, rebuilt by
 *   the serial prepare step so every row reads one byte per window cell;
 * - `tileBits` (derived, one bit a tile, tile order): 1 where tileCode is not 0, so a row finds the few occupied
 *   cells of a window row with one or two word reads instead of visiting every cell;
 * - `landmarkRow` (derived): per landmark type, the object row nearest each tile by walking (-1 = none);
 * - `workTarget` (derived): per job, the work tile nearest each tile by walking (-1 = none);
 * - `pathHint` (derived): per need, the path hint's first move from each tile (0 = none);
 * - the window record (derived, kept-windows.ts): the pass count, each tile's bytes as of the last pass, the pass
 *   in which a tile's window last changed, and per row the tile and pass of the window its map holds and that
 *   window's local summary, so a row whose window did not change keeps its map instead of rewriting it.
 * Everything is on SharedArrayBuffers so worker threads can write row ranges from it.
 */
export function createObserverState(s: ShardState) {
  const n = s.layout.capacity + 1;
  const tiles = s.grid.width * s.grid.height;
  return {
    ctxReset: sharedUint8(n),
    lastX: sharedInt16(n),
    lastY: sharedInt16(n),
    tileCode: sharedUint8(tiles),
    // One spare word: a window row that ends in the last word reads the next one too.
    tileBits: sharedUint32((tiles >>> 5) + 2),
    /** Tiles whose agent bits the last prepare set (cleared by the next one) and how many. */
    stamped: sharedInt32(s.layout.capacity),
    stampedCount: sharedInt32(1),
    landmarkRow: [] as (Int32Array | undefined)[],
    /** The distance field each landmark field was built against: a rebuilt field means a changed map. */
    landmarkSource: [] as (Int32Array | undefined)[],
    /** Per job: the work tile nearest each tile by walking (-1 = none), for the work features. */
    workTarget: [] as (Int32Array | undefined)[],
    /** Per need: the path hint's move from each tile (path-hints.ts), and the distance fields it was built from. */
    pathHint: [] as (Uint8Array | undefined)[],
    pathHintSource: [] as (readonly Int32Array[] | undefined)[],
    /** Prepare steps so far (the window record's clock). */
    pass: sharedInt32(1),
    /** tileCode as the last prepare step left it. */
    lastCode: sharedUint8(tiles),
    /** Per tile: the last pass in which a tile of its window changed its byte. */
    changedAt: sharedInt32(tiles),
    /** Per row (slot − 1): the tile whose window its map holds (−1: none) and the pass that wrote or kept it. */
    rowTile: sharedInt32(s.layout.capacity).fill(-1),
    rowPass: sharedInt32(s.layout.capacity),
    /** Per row: the local summary (4 floats) of that window. */
    rowSummary: sharedFloat32(4 * s.layout.capacity),
  };
}
export type ObserverState = ReturnType<typeof createObserverState>;

/** Registers the per-agent memory (the tile bytes and landmark fields are derived, so not hashed). */
export function registerObserverState(registry: StateRegistry, o: ObserverState): void {
  registry.addField('observations.ctx_reset', o, 'ctxReset');
  registry.addField('observations.last_x', o, 'lastX');
  registry.addField('observations.last_y', o, 'lastY');
}
