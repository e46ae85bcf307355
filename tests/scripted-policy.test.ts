import { describe, expect, it } from 'vitest';
import { Action, USE_BASE } from '../src/actions/action-space.js';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { scene } from './helpers/scene.js';
import { collectEvents } from './helpers/step-events.js';

describe('scripted policy', () => {
  it('keeps every agent of a 10-agent town alive for a simulated day, eating, washing and sleeping', () => {
    const shard = createShard(loadConfigFile('configs/town.yaml', { agents: 10 }));
    const finishes = collectEvents(shard, 1440, 'affordance_finish');
    const c = shard.counters();
    expect(c.exits).toEqual({ faint: 0, eviction: 0, operator: 0 });
    expect(c.live_agents).toBe(10);
    expect(c.invalid_actions).toBe(0);
    const ids = shard.state.manifest.table.ids;
    for (const agent of Array.from({ length: 10 }, (_, i) => `agent-${i + 1}`)) {
      const used = new Set(finishes.filter((e) => e.agent === agent).map((e) => ids[e.other]));
      expect(used).toEqual(new Set(['eat_meal', 'use_shower', 'rest_sleep']));
    }
    for (let eid = 1; eid <= 10; eid++) expect(shard.state.needs.hunger[eid]).toBeGreaterThan(0.2);
  });

  it('walks to the nearest object that serves the most urgent need', () => {
    // Hunger 0.1 / 0.4 is more urgent than hygiene 0.2 / 0.4. Fridges at distance 3 (west) and 1 (east).
    const shard = createShard(
      scene({
        width: 11,
        height: 5,
        objects: [
          { id: 'far_fridge', type: 'fridge', position: [1, 2] },
          { id: 'near_fridge', type: 'fridge', position: [7, 2] },
          { id: 'shower', type: 'shower', position: [5, 1] },
        ],
        agents: [{ id: 'ann', position: [5, 2], needs: { hunger: 0.1, hygiene: 0.2, energy: 1 }, wallet: 5 }],
      }),
    );
    shard.step();
    expect(shard.actions[0]).toBe(Action.moveEast);
    shard.step();
    expect(shard.actions[0]).toBe(USE_BASE); // beside near_fridge at (6, 2): use eat_meal
    expect(shard.state.activity.object[1]).toBe(1);
  });

  it('skips what it cannot pay for and tries another way to meet the need', () => {
    // 0.3 in the wallet: no meal (0.4) but ingredients (0.15) for cooking.
    const shard = createShard(
      scene({
        width: 9,
        height: 5,
        objects: [
          { id: 'fridge', type: 'fridge', position: [2, 2] },
          { id: 'stove', type: 'stove', position: [6, 2] },
        ],
        agents: [{ id: 'ann', position: [3, 2], needs: { hunger: 0.2 }, wallet: 0.3 }],
      }),
    );
    const starts = collectEvents(shard, 5, 'affordance_start');
    expect(starts.map((e) => shard.state.manifest.table.ids[e.other])).toEqual(['cook_meal']);
  });

  it('backs off an affordance that failed and retries it after behavior.retry_ticks', () => {
    // The only fridge is empty: eat_meal fails; cook is impossible (no stove), so the agent waits and retries.
    const shard = createShard(
      scene({
        width: 7,
        height: 5,
        objects: [{ id: 'fridge', type: 'fridge', position: [3, 2], stock: { meals: 0 } }],
        agents: [{ id: 'ann', position: [2, 2], needs: { hunger: 0.2 }, wallet: 5 }],
        over: { behavior: { retry_ticks: 10 } },
      }),
    );
    const fails = collectEvents(shard, 25, 'affordance_fail');
    expect(fails.map((e) => e.tick)).toEqual([1, 12, 23]); // fail, blocked ticks 2..11, retry at 12
    expect(shard.counters().invalid_actions).toBe(0);
  });

  it('waits in line instead of pushing in, and every waiting agent gets its turn', () => {
    const shard = createShard(
      scene({
        width: 7,
        height: 5,
        objects: [{ id: 'fridge', type: 'fridge', position: [3, 2], stock: { meals: 10 } }],
        agents: [
          { id: 'ann', position: [2, 2], needs: { hunger: 0.3 } },
          { id: 'bob', position: [4, 2], needs: { hunger: 0.3 } },
          { id: 'cat', position: [3, 3], needs: { hunger: 0.3 } },
        ],
      }),
    );
    const starts = collectEvents(shard, 50, 'affordance_start');
    expect(starts.map((e) => [e.tick, e.agent])).toEqual([
      [1, 'ann'],
      [16, 'bob'],
      [31, 'cat'],
    ]);
    expect(shard.counters().events_by_kind.queue_conflict).toBe(0);
  });

  it('leaves a line that has not moved for behavior.max_queue_wait_ticks and tries again after retry_ticks', () => {
    const shard = createShard(
      scene({
        width: 7,
        height: 5,
        objects: [{ id: 'bed', type: 'bed', position: [3, 2] }],
        agents: [
          { id: 'ann', position: [2, 2], needs: { energy: 0.3 } },
          { id: 'bob', position: [4, 2], needs: { energy: 0.3 } },
        ],
        over: { behavior: { max_queue_wait_ticks: 10, retry_ticks: 5 } },
      }),
    );
    shard.step(); // ann sleeps (60 ticks); bob joins the line at tick 1
    expect(shard.state.queues.waitingFor[2]).toBe(0);
    shard.run(9);
    expect(shard.state.queues.waitingFor[2]).toBe(0); // tick 10: waited 9 ticks
    shard.step(); // tick 11: 10 ticks without moving up: bob gives up
    expect(shard.state.queues.waitingFor[2]).toBe(-1);
    expect(shard.state.policyMemory.blocked[2]).toBe(3); // rest_sleep
    shard.run(5); // tick 16: the back-off is over, bob queues again
    expect(shard.state.queues.waitingFor[2]).toBe(0);
    expect(shard.state.queues.joinedTick[2]).toBe(16);
  });

  it('a need whose threshold is 0 is never sought; the others still are', () => {
    const shard = createShard(
      scene({
        width: 7,
        height: 5,
        objects: [
          { id: 'fridge', type: 'fridge', position: [3, 2] },
          { id: 'shower', type: 'shower', position: [3, 3] },
        ],
        agents: [{ id: 'ann', position: [2, 2], needs: { hunger: 0.1, hygiene: 0.3 }, wallet: 5 }],
        over: { behavior: { hunger_threshold: 0 } },
      }),
    );
    shard.step(); // hunger is off: ann goes for the shower at (3, 3) from (2, 2), one step south to (2, 3)
    expect(shard.actions[0]).toBe(Action.moveSouth);
    shard.step();
    expect(shard.actions[0]).toBe(USE_BASE + 2); // use_shower
  });
});
