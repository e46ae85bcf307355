import type { ShardState } from '../core/shard-state.js';
import { allocateEmbedding, releaseEmbedding } from './embedding-allocator.js';
import { recordChangedWindows } from './kept-windows.js';
import { ensureLandmarks } from './landmarks.js';
import { TILE_AGENTS, TILE_OBJECT, TILE_RESERVED } from './observer-state.js';
import { ensurePathHints } from './path-hints.js';
import type { TensorState } from './tensor-state.js';

/**
 * The serial part of the observation pass, run once per tick before the rows (which may then be written by
 * workers in any order): embedding slots follow the lives (ended lives release, new lives allocate), the
 * ctx_reset flags are set, the map bytes are rebuilt (and the windows they changed recorded) and the distance,
 * landmark and work fields are made sure of.
 * Reads life, positions, objects, reservations, the grid. Writes the allocator and t.observer.
 */
export function prepareObservations(s: ShardState, t: TensorState, tick: number): void {
  trackLives(s, t, tick);
  stampTiles(s, t);
  recordChangedWindows(t.observer, t.spec, s.grid.width, s.grid.height);
  // Build any field rows will read now, so row writers never build (workers only read).
  const table = s.manifest.table;
  for (const serves of table.serves) for (const k of serves) s.fields.field(table.objectType[k]!);
  ensureLandmarks(s, t.observer); // the work features always read the work targets
  ensurePathHints(s, t.observer);
}

/**
 * Releases the slots of lives that ended (the agent slot is empty or holds another life) before any new life
 * allocates, so a slot freed this tick can serve (forced) when nothing has cooled down. A new life, or a live
 * agent more than one tile from where it was last observed (a teleport: moves are one tile), raises ctx_reset.
 */
function trackLives(s: ShardState, t: TensorState, tick: number): void {
  const e = t.embeddings;
  const { alive, life } = s.life;
  const { x, y } = s.positions;
  const { ctxReset, lastX, lastY } = t.observer;
  const n = s.layout.capacity + 1;
  for (let eid = 1; eid < n; eid++) {
    if (e.slotOf[eid]! >= 0 && (alive[eid] !== 1 || e.lifeOf[eid] !== life[eid])) releaseEmbedding(e, eid, tick);
  }
  for (let eid = 1; eid < n; eid++) {
    if (alive[eid] !== 1) {
      ctxReset[eid] = 0;
      continue;
    }
    const ax = x[eid]!;
    const ay = y[eid]!;
    if (e.slotOf[eid]! < 0) {
      allocateEmbedding(e, eid, life[eid]!, tick);
      ctxReset[eid] = 1;
    } else {
      ctxReset[eid] = Math.abs(ax - lastX[eid]!) + Math.abs(ay - lastY[eid]!) > 1 ? 1 : 0;
    }
    lastX[eid] = ax;
    lastY[eid] = ay;
  }
}

/**
 * One byte a tile for the whole map: TILE_OBJECT where an object stands, TILE_RESERVED where that object is
 * held, and the number of live agents (saturating at 63); and one bit a tile, set where that byte is not 0. Only
 * the tiles agents stood on last time are cleared.
 */
function stampTiles(s: ShardState, t: TensorState): void {
  const { tileCode, tileBits, stamped, stampedCount } = t.observer;
  const width = s.grid.width;
  for (let i = 0; i < stampedCount[0]!; i++) {
    const tile = stamped[i]!;
    const c = tileCode[tile]! & ~TILE_AGENTS;
    tileCode[tile] = c;
    if (c === 0) tileBits[tile >>> 5]! &= ~(1 << (tile & 31));
  }
  const { x: ox, y: oy } = s.objects;
  const holder = s.reservations.holder;
  for (let row = 0; row < ox.length; row++) {
    const tile = oy[row]! * width + ox[row]!;
    tileCode[tile] = (tileCode[tile]! & TILE_AGENTS) | TILE_OBJECT | (holder[row] !== 0 ? TILE_RESERVED : 0);
    tileBits[tile >>> 5]! |= 1 << (tile & 31);
  }
  const ids = s.live.ids(s.life.alive);
  const { x, y } = s.positions;
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    const tile = y[eid]! * width + x[eid]!;
    const c = tileCode[tile]!;
    if ((c & TILE_AGENTS) < TILE_AGENTS) tileCode[tile] = c + 1;
    tileBits[tile >>> 5]! |= 1 << (tile & 31);
    stamped[i] = tile;
  }
  stampedCount[0] = ids.length;
}
