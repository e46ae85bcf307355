import { describe, expect, it } from 'vitest';
import { Action, USE_BASE } from '../src/actions/action-space.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { scene } from './helpers/scene.js';
import { collectEvents } from './helpers/step-events.js';

const SHOWER = 2; // use_shower is affordance 2 of the shipped manifest

/** ann and bob away from home beside one shower (bob in line behind ann); 20-tick days; external policy. */
function town(nightly: Record<string, unknown> = {}): Shard {
  return createShard(
    scene({
      width: 10,
      height: 10,
      objects: [{ id: 'shower', type: 'shower', position: [5, 5] }],
      agents: [
        { id: 'ann', position: [5, 4], needs: { hunger: 0.3, hygiene: 0.2, energy: 0.9 }, wallet: 5 },
        { id: 'bob', position: [4, 5], needs: { hunger: 0.9, hygiene: 0.2, energy: 0.2 }, wallet: 5 },
        { id: 'cat', position: [1, 1], needs: { hunger: 0.9, hygiene: 0.9, energy: 0.9 }, wallet: 5 },
      ],
      over: { ticks_per_day: 20, nightly_reset: nightly },
    }),
    { policy: 'external' },
  );
}

function homesAt(shard: Shard, tiles: [number, number][]): void {
  tiles.forEach(([x, y], i) => {
    shard.state.homes.x[i + 1] = x;
    shard.state.homes.y[i + 1] = y;
  });
}

describe('nightly reset', () => {
  it('at the day\'s last tick sends idle agents home out of their lines; busy ones finish where they are', () => {
    const shard = town();
    homesAt(shard, [
      [1, 8],
      [8, 8],
      [1, 1],
    ]);
    const acts = shard.actions;
    // Tick 1: ann starts the 30-tick shower; bob queues behind her. Afterwards both noop (keeping their place).
    acts[0] = USE_BASE + SHOWER;
    acts[1] = USE_BASE + SHOWER;
    acts[2] = Action.noop;
    shard.step();
    acts.fill(Action.noop);
    expect(shard.state.queues.waitingFor[2]).toBe(0);
    const resets = collectEvents(shard, 19, 'nightly_reset');
    expect(resets.map((e) => [e.tick, e.value])).toEqual([[20, 1]]);
    const { x, y } = shard.state.positions;
    expect([x[1], y[1]]).toEqual([5, 4]); // ann is showering: stays
    expect([x[2], y[2]]).toEqual([8, 8]); // bob went home and left the line
    expect(shard.state.queues.waitingFor[2]).toBe(-1);
    expect([x[3], y[3]]).toEqual([1, 1]); // cat was home already: not counted
  });

  it('raises needs to the floor when one is set, and does nothing when disabled', () => {
    const floored = town({ needs_floor: 0.5, go_home: false });
    floored.run(20);
    const n = floored.state.needs;
    expect([n.hunger[1], n.hygiene[2], n.energy[2]]).toEqual([0.5, 0.5, 0.5]);
    expect(n.hunger[3]).toBeCloseTo(0.9, 6);

    const off = town({ enabled: false });
    homesAt(off, [
      [1, 8],
      [8, 8],
      [1, 1],
    ]);
    expect(collectEvents(off, 40, 'nightly_reset')).toEqual([]);
    expect([off.state.positions.x[2], off.state.positions.y[2]]).toEqual([4, 5]);
  });
});
