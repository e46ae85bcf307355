import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeHybridBytes } from '../src/tensors/hybrid-bytes.js';
import { writeHybridMap } from '../src/tensors/map-encoders.js';
import type { ObsContext } from '../src/tensors/observation-context.js';
import { TILE_AGENTS, TILE_OBJECT, TILE_RESERVED } from '../src/tensors/observer-state.js';

const SUMMARY = 3; // the summary's offset in a generated feature row (any offset will do)

/** A tile byte: mostly empty; agent counts up to the saturated 63, objects and held objects. */
const tileByte = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(62, TILE_AGENTS) },
  { weight: 1, arbitrary: fc.constantFrom(TILE_OBJECT, TILE_OBJECT | TILE_RESERVED, TILE_OBJECT | 2, 0xff) },
);

/** A map of tile bytes with its occupancy bits (tileBits' layout: one spare word). */
function tiles(width: number, height: number, bytes: number[]) {
  const code = new Uint8Array(width * height);
  for (let i = 0; i < code.length; i++) code[i] = bytes[i % bytes.length]!;
  const bits = new Uint32Array((code.length >>> 5) + 2);
  for (let i = 0; i < code.length; i++) if (code[i] !== 0) bits[i >>> 5]! |= 1 << (i & 31);
  return { code, bits };
}

/** The fields of a row context the two map writers read. */
function context(width: number, height: number, window: number, code: Uint8Array, bits: Uint32Array) {
  const area = window * window;
  const base = {
    width,
    height,
    window,
    radius: window >> 1,
    area,
    summary: SUMMARY,
    pathTemplate: undefined,
    t: { observer: { tileCode: code, tileBits: bits } },
  };
  const bytes = { ...base, map: new Uint8Array(4 * area), obs: new Float32Array(SUMMARY + 4) };
  const reference = { ...base, map: new Uint8Array(4 * area), obs: new Float32Array(SUMMARY + 4) };
  return { bytes: bytes as unknown as ObsContext, reference: reference as unknown as ObsContext };
}

describe('the word-wide hybrid window builder (uint8 maps)', () => {
  it('writes the bytes and summary of writeHybridMap into a reused map, for any window, map and centre', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 2, max: 15 }).map((r) => 2 * r + 1),
        fc.array(tileByte, { minLength: 1, maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: TILE_AGENTS })), {
          minLength: 1,
          maxLength: 8,
        }),
        (width, height, window, bytes, centres) => {
          const { code, bits } = tiles(width, height, bytes);
          const { bytes: c, reference: r } = context(width, height, window, code, bits);
          const out = c.map as Uint8Array;
          const view = new DataView(out.buffer);
          out[(window >> 1) * window + (window >> 1)] = 1; // the self cell, kept by the cache
          let dirty = 0;
          // One map reused window after window, as a cache entry is: rows left by an earlier window must go.
          for (const [px, py, own] of centres) {
            const cx = px % width;
            const cy = py % height;
            const tile = cy * width + cx;
            // The observed agent stands there: its tile counts at least itself.
            if ((code[tile]! & TILE_AGENTS) === 0) code[tile] = (code[tile]! & ~TILE_AGENTS) | own;
            bits[tile >>> 5]! |= 1 << (tile & 31);
            (r.map as Uint8Array).fill(0);
            r.obs.fill(0);
            writeHybridMap(r, 0, 0, cx, cy);
            dirty = writeHybridBytes(c, new DataView(code.buffer), out, view, 0, 0, cx, cy, dirty);
            expect([...out]).toEqual([...(r.map as Uint8Array)]);
            expect([...c.obs.subarray(SUMMARY)]).toEqual([...r.obs.subarray(SUMMARY)]);
          }
        },
      ),
      { seed: 20261204, numRuns: 400 },
    );
  });

  it('counts a crowd of saturated tiles without overflowing its byte sums', () => {
    const width = 40;
    const window = 31;
    const { code, bits } = tiles(width, width, [TILE_AGENTS | TILE_OBJECT | TILE_RESERVED]);
    const { bytes: c, reference: r } = context(width, width, window, code, bits);
    const out = c.map as Uint8Array;
    out[15 * window + 15] = 1;
    writeHybridMap(r, 0, 0, 20, 20);
    writeHybridBytes(c, new DataView(code.buffer), out, new DataView(out.buffer), 0, 0, 20, 20, 0);
    // 961 tiles of 63 agents, less the observer: 60,542 others over 960 cells.
    expect(c.obs[SUMMARY]).toBeCloseTo((961 * 63 - 1) / 960, 5);
    expect([...c.obs.subarray(SUMMARY)]).toEqual([...r.obs.subarray(SUMMARY)]);
    expect([...out]).toEqual([...(r.map as Uint8Array)]);
  });
});
