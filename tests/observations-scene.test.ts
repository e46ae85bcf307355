import { describe, expect, it } from 'vitest';
import { addRivalry } from '../src/social/rivalry.js';
import { adjustTie } from '../src/social/ties.js';
import { partnerEmbedding } from '../src/tensors/social-snippet.js';
import { feature, litCells, row, stoveScene } from './helpers/obs-scene.js';

const USE_STOVE = 8; // use:cook_meal

describe('observations of the stove scene (ann at (2, 4), bob east of her, a stove at (4, 2))', () => {
  it('hybrid map: self and bob in the agents channel, the stove up and right, nothing outside the grid', () => {
    const shard = stoveScene();
    shard.step();
    // Window 11, centre (5, 5) = ann; bob is one column right; the stove is 2 up and 2 right.
    expect(litCells(shard, 1, 'self')).toEqual([[5, 5]]);
    expect(litCells(shard, 1, 'agents')).toEqual([[5, 5], [5, 6]]);
    expect(litCells(shard, 1, 'objects')).toEqual([[3, 7]]);
    expect(litCells(shard, 1, 'reservations')).toEqual([]);
    // Local summary: 1 other agent of 120 cells, 1 object of 121, nearest agent 1 tile ÷ radius 5.
    expect(feature(shard, 1, 'neighbor_agent_ratio')).toBeCloseTo(1 / 120, 6);
    expect(feature(shard, 1, 'neighbor_object_ratio')).toBeCloseTo(1 / 121, 6);
    expect(feature(shard, 1, 'nearest_agent_distance')).toBeCloseTo(0.2, 6);
  });

  it('features: needs, wallet, clock, first-life flags, and the path hint toward the stove', () => {
    const shard = stoveScene();
    shard.step(); // tick 1
    const f = (name: string) => feature(shard, 1, name);
    expect([f('need_hunger'), f('need_hygiene'), f('need_energy')].map((v) => +v.toFixed(6))).toEqual([0.2, 0.9, 0.8]);
    expect(f('wallet')).toBe(10);
    expect(f('time_sin')).toBeCloseTo(Math.sin((2 * Math.PI) / 1440), 6);
    expect(f('shift_pre')).toBe(1);
    expect(f('ctx_reset_flag')).toBe(1);
    expect(f('episode_progress')).toBeCloseTo(1 / 1440, 6);
    // Slots 0 and 1 of max_slots = ceil(2 × 1.25) = 3.
    expect([f('embedding_slot_norm'), feature(shard, 2, 'embedding_slot_norm')]).toEqual([0, Math.fround(1 / 3)]);
    // Hunger is most urgent; no fridge, so the stove (cook_meal) serves it: from (2, 4) north is one step closer.
    expect([f('path_hint_north'), f('path_hint_south'), f('path_hint_east'), f('path_hint_west')]).toEqual([1, 0, 0, 0]);
    shard.step(); // tick 2: the same lives, no jump
    expect(feature(shard, 1, 'ctx_reset_flag')).toBe(0);
    shard.state.positions.x[1] = 6; // a teleport (as the nightly reset's way home): more than one tile
    shard.step();
    expect([feature(shard, 1, 'ctx_reset_flag'), feature(shard, 2, 'ctx_reset_flag')]).toEqual([1, 0]);
  });

  it('landmarks: dx/d, dy/d, d to the stove; absent types are 0', () => {
    const shard = stoveScene({ observations: { hybrid: { include_targets: true } } });
    shard.step();
    expect(feature(shard, 1, 'stove_dx')).toBeCloseTo(Math.SQRT1_2, 6);
    expect(feature(shard, 1, 'stove_dy')).toBeCloseTo(-Math.SQRT1_2, 6);
    expect(feature(shard, 1, 'stove_dist')).toBeCloseTo(Math.SQRT2 * 2, 6);
    expect([feature(shard, 1, 'fridge_dx'), feature(shard, 1, 'fridge_dist')]).toEqual([0, 0]);
  });

  it('a held object lights the reservations channel; the holder sees reservation_active and its last action', () => {
    const shard = stoveScene({ scenario: {
      objects: [{ id: 'stove', type: 'stove', position: [4, 2], stock: { ingredients: 5 } }],
      agents: [
        { id: 'ann', position: [4, 3], needs: { hunger: 0.2 }, wallet: 10 },
        { id: 'bob', position: [5, 3], needs: { hunger: 0.9 }, wallet: 5 },
      ],
    } });
    shard.actions[0] = USE_STOVE;
    shard.step(); // ann starts cooking (40 ticks)
    expect(litCells(shard, 2, 'reservations')).toEqual([[4, 4]]);
    expect(feature(shard, 1, 'reservation_active')).toBe(1);
    expect(feature(shard, 1, 'last_action_id_norm')).toBeCloseTo(8 / 12, 6);
    expect(feature(shard, 1, 'last_action_success')).toBe(1);
    expect(feature(shard, 1, 'last_action_duration')).toBeCloseTo(1 / 40, 6);
    expect(feature(shard, 2, 'reserved_tile_ratio')).toBeCloseTo(1 / 121, 6);
  });

  it('full: path channels are the unit vector from the centre', () => {
    const shard = stoveScene({ features: { systems: { observations: 'full' } } });
    shard.step();
    const r = row(shard, 1);
    const dx = 4 * 121;
    expect(r[dx + 5 * 11 + 5]).toBe(0); // centre
    expect(r[dx + 5 * 11 + 10]).toBe(1); // due east
    expect(r[dx + 121 + 0 * 11 + 5]).toBe(-1); // path_dy due north
    expect(r[dx + 0]).toBeCloseTo(-Math.SQRT1_2, 6); // top-left corner
  });

  it('compact: other agents only, the stove channel, walkable floor without the border walls', () => {
    const shard = stoveScene({
      features: { systems: { observations: 'compact' } },
      observations: { compact: { object_channels: ['stove'] } },
    });
    shard.step();
    expect(litCells(shard, 1, 'agents')).toEqual([[3, 4]]); // bob; ann's own tile is not counted
    expect(litCells(shard, 1, 'object:stove')).toEqual([[1, 5]]);
    // Window x −1..5, y 1..7 around (2, 4): floor tiles x 1..5 and y 1..7 minus ann, bob and the stove.
    const walk = litCells(shard, 1, 'walkable');
    expect(walk.length).toBe(5 * 7 - 3);
    expect(walk).not.toContainEqual([3, 3]);
    expect(walk).not.toContainEqual([3, 0]); // x = −1: outside the grid
    expect(walk).not.toContainEqual([3, 1]); // x = 0: the border wall
    expect(feature(shard, 1, 'neighbor_agent_ratio')).toBeCloseTo(1 / 48, 6);
    expect(feature(shard, 1, 'nearest_agent_distance')).toBeCloseTo(1 / 3, 6);
  });

  it('social snippet: bob as ann\'s friend with his embedding, ties and aggregates; rivalry features', () => {
    const shard = stoveScene();
    adjustTie(shard.state, 1, 2, 0.6, 0.3, 0.1, 0);
    addRivalry(shard.state, 1, 2, 0.8, 0);
    shard.step(); // decay: tie rivalry 0.1 − 0.01, rivalry score 0.8 − 0.005
    const r = row(shard, 1);
    const at = shard.tensors!.spec.slices['social']![0];
    const embedding = Array.from({ length: 8 }, (_, d) => Math.fround(partnerEmbedding(2, 0, d)));
    expect(Array.from(r.subarray(at, at + 8))).toEqual(embedding);
    expect(Array.from(r.subarray(at + 8, at + 11)).map((v) => +v.toFixed(6))).toEqual([0.6, 0.3, 0.09]);
    expect(Array.from(r.subarray(at + 11, at + 44)).every((v) => v === 0)).toBe(true); // 3 empty slots
    const agg = shard.tensors!.spec.slices['social_aggregates']![0];
    expect(Array.from(r.subarray(agg, agg + 4)).map((v) => +v.toFixed(6))).toEqual([0.6, 0.6, 0.09, 0.09]);
    expect(feature(shard, 1, 'rivalry_max')).toBeCloseTo(0.795, 6);
    expect(feature(shard, 1, 'rivalry_avoid_count')).toBe(1);
    // Embedding values are bytes ÷ 255 and change with the partner's life.
    expect(embedding.every((v) => v >= 0 && v <= 1 && Number.isInteger(Math.round(v * 255)))).toBe(true);
    expect(partnerEmbedding(2, 1, 0)).not.toBe(partnerEmbedding(2, 0, 0));
  });

  it('an empty slot has a zero row; its replacement gets a new embedding slot and ctx_reset', () => {
    const shard = stoveScene({
      lifecycle: { respawn_delay_ticks: [2, 2], exit_cooldown_ticks: 0 },
      rewards: { decay_rates: { hunger: 0.01, hygiene: 0, energy: 0 } },
      scenario: {
        objects: [{ id: 'stove', type: 'stove', position: [4, 2] }],
        agents: [
          { id: 'ann', position: [2, 4], needs: { hunger: 0.045 } },
          { id: 'bob', position: [3, 4], needs: { hunger: 0.9 } },
        ],
      },
    });
    shard.step(); // tick 1: ann (slot 0), bob (slot 1)
    expect(shard.tensors!.embeddings.slotOf[1]).toBe(0);
    shard.step(); // tick 2: ann's hunger 0.025 ≤ 0.03: she faints and exits
    expect(row(shard, 1).every((v) => v === 0)).toBe(true);
    let ticks = 2;
    while (shard.state.life.alive[1] !== 1 && ticks++ < 10) shard.step();
    expect(shard.state.life.life[1]).toBe(1);
    expect(feature(shard, 1, 'ctx_reset_flag')).toBe(1);
    // Slot 0 was released at tick 2; a never-used slot (2) comes before any released one.
    expect(shard.tensors!.embeddings.slotOf[1]).toBe(2);
  });
});
