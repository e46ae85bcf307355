import type { ObsContext } from './observation-context.js';
import { TILE_AGENTS, TILE_OBJECT, TILE_RESERVED } from './observer-state.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/*
 * Egocentric map windows (reference §5.1): cell (row, col) of a channel shows tile (x + col − r, y + row − r),
 * r = window ÷ 2; cells outside the grid stay 0. Both encoders also write the local summary (same window):
 * other agents ÷ (W² − 1), object tiles ÷ W², held object tiles ÷ W², and the Euclidean distance to the nearest
 * other agent ÷ r (capped at 1; 0 when none). The row must be zeroed before. Cells go to c.map from `mapBase`
 * (a float32 or uint8 tensor: every value is a small integer), the summary to c.obs from `featureBase`.
 */

/**
 * Hybrid and full: self (1 at the centre), agents (1 where any live agent stands, self included), objects (1 on
 * object tiles), reservations (1 on held objects); full adds the static path_dx, path_dy channels.
 */
export function writeHybridMap(c: ObsContext, mapBase: number, featureBase: number, cx: number, cy: number): void {
  const { map, width, height, window, radius, area } = c;
  const code = c.t.observer.tileCode;
  const bits = c.t.observer.tileBits;
  map[mapBase + radius * window + radius] = 1;
  let agents = 0;
  let objects = 0;
  let reserved = 0;
  let nearest = INF;
  const y0 = Math.max(0, cy - radius);
  const y1 = Math.min(height - 1, cy + radius);
  const x0 = Math.max(0, cx - radius);
  const x1 = Math.min(width - 1, cx + radius);
  for (let y = y0; y <= y1; y++) {
    const tileRow = y * width;
    // Cell index of tile x in this window row: cellRow + x.
    const cellRow = mapBase + (y - cy + radius) * window - cx + radius;
    // Most tiles are empty floor or wall: take the window row's occupancy bits (32 tiles at a time) and visit
    // only the set ones.
    for (let xs = x0; xs <= x1; xs += 32) {
      const first = tileRow + xs;
      const shift = first & 31;
      const word = first >>> 5;
      let set = shift === 0 ? bits[word]! : (bits[word]! >>> shift) | (bits[word + 1]! << (32 - shift));
      const len = x1 - xs + 1;
      if (len < 32) set &= (1 << len) - 1;
      while (set !== 0) {
        const low = set & -set;
        set ^= low;
        const x = xs + 31 - Math.clz32(low);
        const v = code[tileRow + x]!;
        const cell = cellRow + x;
        const n = v & TILE_AGENTS;
        if (n > 0) {
          map[cell + area] = 1;
          const others = x === cx && y === cy ? n - 1 : n;
          if (others > 0) {
            agents += others;
            const d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            if (d2 < nearest) nearest = d2;
          }
        }
        if (v & TILE_OBJECT) {
          map[cell + 2 * area] = 1;
          objects++;
        }
        if (v & TILE_RESERVED) {
          map[cell + 3 * area] = 1;
          reserved++;
        }
      }
    }
  }
  // Full only, which has float32 maps (the config refuses full with uint8).
  if (c.pathTemplate) (map as Float32Array).set(c.pathTemplate, mapBase + 4 * area);
  writeSummary(c, featureBase, agents, objects, reserved, nearest);
}

/**
 * Compact: self, agents (other agents per tile, capped at 1 with normalize_counts), objects, reservations, one
 * channel per configured object type, walkable (1 on a walkable tile with no other agent, no object and no
 * hold, other than the agent's own).
 */
export function writeCompactMap(c: ObsContext, mapBase: number, featureBase: number, cx: number, cy: number): void {
  const { map, width, height, window, radius, area, typeChannel, normalizeCounts } = c;
  const code = c.t.observer.tileCode;
  const walkable = c.s.grid.walkable;
  const objectIndex = c.s.objectIndex;
  const objectType = c.s.objects.type;
  const walkChannel = (c.t.spec.channels.length - 1) * area;
  map[mapBase + radius * window + radius] = 1;
  let agents = 0;
  let objects = 0;
  let reserved = 0;
  let nearest = INF;
  const y0 = Math.max(0, cy - radius);
  const y1 = Math.min(height - 1, cy + radius);
  const x0 = Math.max(0, cx - radius);
  const x1 = Math.min(width - 1, cx + radius);
  for (let y = y0; y <= y1; y++) {
    const tileRow = y * width;
    const cellRow = mapBase + (y - cy + radius) * window - cx + radius;
    for (let x = x0; x <= x1; x++) {
      const v = code[tileRow + x]!;
      const cell = cellRow + x;
      const self = x === cx && y === cy;
      const others = (v & TILE_AGENTS) - (self ? 1 : 0);
      if (others > 0) {
        map[cell + area] = normalizeCounts ? 1 : others;
        agents += others;
        const d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
        if (d2 < nearest) nearest = d2;
      }
      if (v & TILE_OBJECT) {
        map[cell + 2 * area] = 1;
        objects++;
        const channel = typeChannel[objectType[objectIndex[tileRow + x]!]!]!;
        if (channel >= 0) map[cell + channel * area] = 1;
      }
      if (v & TILE_RESERVED) {
        map[cell + 3 * area] = 1;
        reserved++;
      }
      if (!self && others <= 0 && (v & (TILE_OBJECT | TILE_RESERVED)) === 0 && walkable[tileRow + x] === 1) {
        map[cell + walkChannel] = 1;
      }
    }
  }
  writeSummary(c, featureBase, agents, objects, reserved, nearest);
}

/** The local summary features (neighbor_agent_ratio … nearest_agent_distance); `nearest` is squared. */
export function writeSummary(
  c: ObsContext,
  base: number,
  agents: number,
  objects: number,
  reserved: number,
  nearest: number,
): void {
  const { obs, area, radius } = c;
  const at = base + c.summary;
  obs[at] = agents / (area - 1);
  obs[at + 1] = objects / area;
  obs[at + 2] = reserved / area;
  obs[at + 3] = nearest === INF ? 0 : Math.min(1, Math.sqrt(nearest) / radius);
}
