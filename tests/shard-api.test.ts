import { query } from 'bitecs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { EventBuffer } from '../src/core/event-buffer.js';
import { EventKind } from '../src/core/event-kinds.js';
import { SCHEDULE } from '../src/core/schedule.js';
import { createShard } from '../src/core/shard.js';
import { smallTown } from './helpers/small-town.js';

describe('createShard', () => {
  it('builds a procedural town: agents in their homes, objects blocking their tiles', () => {
    const shard = createShard(smallTown({ population: { count: 10 } }));
    const s = shard.state;
    expect(shard.tick).toBe(0);
    expect(shard.liveAgents).toBe(10);
    expect(s.layout.capacity).toBe(10);
    // 10 agents, 4 per home → 3 homes; 2 jobs → 2 workplaces.
    const count = (type: string) =>
      Array.from(s.objects.type).filter((t) => t === s.objectTypes.code(type)).length;
    expect(count('fridge')).toBe(3);
    expect(count('bed')).toBe(6);
    expect(count('workplace')).toBe(2);
    for (let row = 0; row < s.layout.objectCount; row++) {
      expect(s.grid.walkable[s.objects.y[row]! * s.grid.width + s.objects.x[row]!]).toBe(0);
    }
    for (let eid = 1; eid <= 10; eid++) {
      expect(s.grid.walkable[s.positions.y[eid]! * s.grid.width + s.positions.x[eid]!]).toBe(1);
      expect([s.homes.x[eid], s.homes.y[eid]]).toEqual([s.positions.x[eid], s.positions.y[eid]]);
      expect(s.agentIds.get(eid)).toBe(`agent-${eid}`);
      expect(s.employment.job[eid]).toBe((eid - 1) % 2);
      expect(s.objects.type[s.employment.workplace[eid]!]).toBe(s.objectTypes.code('workplace'));
    }
  });

  it('random placement puts agents on walkable tiles drawn from the seed', () => {
    const tiles = (seed: number) => {
      const s = createShard(smallTown({ seed, population: { count: 20, placement: 'random' } })).state;
      return Array.from({ length: 20 }, (_, i) => {
        const [x, y] = [s.positions.x[i + 1]!, s.positions.y[i + 1]!];
        expect(s.grid.walkable[y * s.grid.width + x]).toBe(1);
        return `${x},${y}`;
      });
    };
    const a = tiles(1);
    expect(tiles(1)).toEqual(a);
    expect(tiles(2)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(10);
  });

  it('agents, objects and reservations are bitecs entities with a fixed id layout', () => {
    const shard = createShard(smallTown({ population: { count: 6, capacity: 8 } }));
    const { world, tags, layout } = shard.state;
    expect(Array.from(query(world, [tags.Agent]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(query(world, [tags.Agent, tags.Alive]))).toEqual([1, 2, 3, 4, 5, 6]);
    const objects = Array.from(query(world, [tags.InteractiveObject]));
    expect(objects[0]).toBe(layout.objectBase);
    expect(objects).toHaveLength(layout.objectCount);
    expect(query(world, [tags.Reservation])).toHaveLength(layout.objectCount);
    expect(layout.reservationBase).toBe(layout.objectBase + layout.objectCount);
  });

  it('component arrays live on SharedArrayBuffers sized by capacity', () => {
    const shard = createShard(smallTown({ population: { count: 5, capacity: 50 } }));
    const { needs, positions, life } = shard.state;
    expect(needs.hunger.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(positions.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(needs.hunger.length).toBe(51);
    expect(life.alive.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('a hand-built scene: scenario objects and agents with their own needs, wallet and job', () => {
    const shard = createShard({
      config_id: 'scene',
      world: { grid: { width: 12, height: 10 }, layout: { kind: 'empty' } },
      population: { count: 0 },
      scenario: {
        objects: [{ id: 'fridge_a', type: 'fridge', position: [5, 5], stock: { meals: 2 } }],
        agents: [{ id: 'alice', position: [4, 5], needs: { hunger: 0.3 }, wallet: 1.5, job: 'barista' }],
      },
    });
    const s = shard.state;
    expect(s.grid.width).toBe(12);
    expect(s.objectIds.get(0)).toBe('fridge_a');
    expect(s.objects.meals[0]).toBe(2);
    expect(s.grid.walkable[5 * 12 + 5]).toBe(0);
    expect(s.agentIds.get(1)).toBe('alice');
    expect(s.needs.hunger[1]).toBeCloseTo(0.3, 6);
    expect(s.needs.energy[1]).toBeCloseTo(0.9, 6);
    expect(s.wallets.balance[1]).toBe(1.5);
    expect(s.jobIds[s.employment.job[1]!]).toBe('barista');
  });

  it('bad config objects throw InputError before anything is built', () => {
    expect(() => createShard({ config_id: 'x', population: { count: -1 } })).toThrow(InputError);
    expect(() =>
      createShard({
        config_id: 'x',
        world: { grid: { width: 6, height: 6 }, layout: { kind: 'empty' } },
        population: { count: 0 },
        scenario: { objects: [{ id: 'f', type: 'fridge', position: [9, 9] }] },
      }),
    ).toThrow(
      /scenario\.objects\[0\]\.position: expected a free walkable tile inside the 6×6 grid, found \[9, 9\]/,
    );
    expect(() =>
      createShard({ config_id: 'x', world: { grid: { width: 8, height: 8 } }, population: { count: 1000 } }),
    ).toThrow(/world: expected a layout that fits/);
  });
});

describe('step, events and counters', () => {
  it('counts live agent-steps, exits and respawns, and decodes the last tick\u2019s events', () => {
    // No policy: agents stay put, so the only events are the faints and exits.
    const shard = createShard(smallTown({ population: { count: 4, initial_needs: { hunger: 0.05 } } }), {
      policy: 'external',
    });
    shard.step();
    shard.step();
    // Hunger 0.05 → 0.04 → 0.03: all four faint on tick 2.
    const records = shard.eventRecords();
    expect(records.filter((e) => e.kind === 'agent_faint').map((e) => e.agent)).toEqual([
      'agent-1',
      'agent-2',
      'agent-3',
      'agent-4',
    ]);
    expect(records.every((e) => e.tick === 2)).toBe(true);
    const c = shard.counters();
    expect(c.tick).toBe(2);
    expect(c.agent_steps).toBe(8);
    expect(c.exits).toEqual({ faint: 4, eviction: 0, operator: 0 });
    expect(c.live_agents).toBe(0);
    expect(c.events).toBe(8);
    expect(c.last_tick).toMatchObject({ tick: 2, agent_steps: 4, events: 8 });
    expect(c.last_tick.events_by_kind.agent_exit).toBe(4);
    shard.run(25);
    expect(shard.counters().respawns).toBe(4);
    expect(shard.liveAgents).toBe(4);
  });

  it('each event is written once and the buffer is cleared every tick', () => {
    const shard = createShard(smallTown({ population: { count: 3, initial_needs: { hunger: 0.04 } } }));
    shard.step();
    expect(shard.events.length).toBe(6);
    expect(shard.events.count(EventKind.agent_faint)).toBe(3);
    shard.step();
    expect(shard.events.count(EventKind.agent_faint)).toBe(0);
    expect(shard.events.totals[EventKind.agent_faint]).toBe(3);
  });

  it('a closed shard refuses to step', async () => {
    const shard = createShard(smallTown());
    await shard.close();
    expect(() => shard.step()).toThrow(/closed/);
  });

  it('profiling times every system in schedule order, plus the pool wait (0 on the inline path)', () => {
    const shard = createShard(smallTown(), { profile: true });
    shard.run(20);
    const profile = shard.profile()!;
    const names = profile.map((p) => p.system).sort();
    expect(names).toEqual([...SCHEDULE.map((system) => `${system.phase}:${system.name}`), 'pool-wait'].sort());
    expect(profile.find((p) => p.system === 'pool-wait')!.total_ms).toBe(0);
    expect(profile.find((p) => p.system === '5:actions')!.total_ms).toBeGreaterThan(0);
    expect(createShard(smallTown()).profile()).toBeUndefined();
  });
});

describe('EventBuffer', () => {
  it('grows past its initial capacity without losing records', () => {
    const buffer = new EventBuffer(2);
    buffer.reset(5);
    for (let i = 0; i < 9; i++) buffer.emit(EventKind.agent_exit, i + 1, 0, i, i / 2);
    expect(buffer.length).toBe(9);
    expect(Array.from(buffer.agent.subarray(0, 9))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(buffer.value[8]).toBe(4);
    expect(buffer.totals[EventKind.agent_exit]).toBe(9);
    buffer.reset(6);
    expect(buffer.length).toBe(0);
    expect(buffer.totals[EventKind.agent_exit]).toBe(9);
  });
});
