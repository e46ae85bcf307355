import { describe, expect, it } from 'vitest';
import type { TownConfigInput } from '../src/config/schema.js';
import { FailReasonCode } from '../src/affordances/fail-reasons.js';
import { createShard, type Shard } from '../src/core/shard.js';

/** One agent on an empty 8×8 grid whose hunger starts at `hunger`. */
function oneAgent(hunger: number, over: Partial<TownConfigInput> = {}): Shard {
  return createShard({
    config_id: 'life',
    seed: 11,
    world: { grid: { width: 8, height: 8 }, layout: { kind: 'empty' } },
    population: { count: 0 },
    scenario: {
      agents: [{ id: 'ann', position: [3, 3], needs: { hunger, hygiene: 1, energy: 1 }, wallet: 9 }],
    },
    ...over,
  });
}

/** Ticks at which an event kind occurred, over `ticks` steps. */
function ticksOf(shard: Shard, kind: string, ticks: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < ticks; t++) {
    shard.step();
    for (const e of shard.eventRecords()) if (e.kind === kind) out.push(e.tick);
  }
  return out;
}

describe('needs decay', () => {
  it('subtracts each rate per tick and clamps at 0', () => {
    const shard = oneAgent(0.5, {
      rewards: { decay_rates: { hunger: 0.1, hygiene: 0.25, energy: 0 } },
      lifecycle: { mortality: false },
    });
    shard.run(3);
    const { hunger, hygiene, energy } = shard.state.needs;
    expect(hunger[1]).toBeCloseTo(0.2, 6);
    expect(hygiene[1]).toBeCloseTo(0.25, 6);
    expect(energy[1]).toBe(1);
    shard.run(5);
    expect(hunger[1]).toBe(0);
    expect(hygiene[1]).toBe(0);
  });
});

describe('lifecycle: faint and exit', () => {
  it('faints on the tick hunger reaches the threshold, not before', () => {
    // 0.1 − 0.01 per tick: ≤ 0.03 after 7 ticks (0.03 in float32 rounding → 8th at the latest).
    const shard = oneAgent(0.1);
    const faints = ticksOf(shard, 'agent_faint', 10);
    expect(faints).toHaveLength(1);
    expect(faints[0]).toBeGreaterThanOrEqual(7);
    expect(faints[0]).toBeLessThanOrEqual(8);
    expect(shard.liveAgents).toBe(0);
    expect(shard.counters().exits.faint).toBe(1);
  });

  it('a custom threshold applies', () => {
    // Binary-exact numbers: 0.5 − 4 × 0.0625 = 0.25 exactly, so the faint tick is exact too.
    const shard = oneAgent(0.5, {
      rewards: { decay_rates: { hunger: 0.0625, hygiene: 0, energy: 0 } },
      lifecycle: { faint_threshold: 0.25 },
    });
    expect(ticksOf(shard, 'agent_faint', 10)).toEqual([4]);
  });

  it('no faints with mortality off', () => {
    const shard = oneAgent(0.05, { lifecycle: { mortality: false } });
    expect(ticksOf(shard, 'agent_faint', 50)).toEqual([]);
    expect(shard.liveAgents).toBe(1);
  });
});

describe('lifecycle: respawn', () => {
  it('a replacement arrives 5–20 ticks after the exit, with a new id and the respawn needs and wallet', () => {
    const shard = oneAgent(0.04, {
      lifecycle: { respawn_needs: { hunger: 0.7, hygiene: 0.6, energy: 0.5 }, respawn_wallet: 3 },
    });
    let exitTick = -1;
    let respawnTick = -1;
    for (let t = 0; t < 40 && respawnTick < 0; t++) {
      shard.step();
      for (const e of shard.eventRecords()) {
        if (e.kind === 'agent_exit') exitTick = e.tick;
        if (e.kind === 'agent_respawn') respawnTick = e.tick;
      }
    }
    expect(exitTick).toBe(1);
    expect(respawnTick - exitTick).toBeGreaterThanOrEqual(5);
    expect(respawnTick - exitTick).toBeLessThanOrEqual(20);
    const s = shard.state;
    expect(s.agentIds.get(1)).toBe('ann#1');
    expect(s.life.life[1]).toBe(1);
    expect(s.life.bornTick[1]).toBe(respawnTick);
    // The replacement lives through its first tick, so one tick of decay is already applied.
    expect(s.needs.hunger[1]).toBeCloseTo(0.7 - 0.01, 6);
    expect(s.needs.hygiene[1]).toBeCloseTo(0.6 - 0.005, 6);
    expect(s.needs.energy[1]).toBeCloseTo(0.5 - 0.008, 6);
    expect(s.wallets.balance[1]).toBe(3);
    expect([s.positions.x[1], s.positions.y[1]]).toEqual([3, 3]);
  });

  it('every delay over many seeds stays within [5, 20] and uses both ends of the range', () => {
    const delays = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const shard = oneAgent(0.04, { seed });
      const respawn = ticksOf(shard, 'agent_respawn', 25);
      expect(respawn).toHaveLength(1);
      delays.add(respawn[0]! - 1);
    }
    expect(Math.min(...delays)).toBe(5);
    expect(Math.max(...delays)).toBe(20);
  });

  it('a slot is never refilled sooner than exit_cooldown_ticks after its previous replacement', () => {
    // Replacements arrive with hunger 0.04 and faint on their first tick; only the cooldown spaces them.
    const shard = oneAgent(0.04, {
      lifecycle: {
        respawn_needs: { hunger: 0.04, hygiene: 1, energy: 1 },
        exit_cooldown_ticks: 50,
        max_respawns_per_slot_per_day: 100,
      },
    });
    const respawns = ticksOf(shard, 'agent_respawn', 400);
    expect(respawns.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < respawns.length; i++) expect(respawns[i]! - respawns[i - 1]!).toBe(50);
    expect(shard.state.agentIds.get(1)).toBe(`ann#${respawns.length}`);
  });

  it('a slot gets at most max_respawns_per_slot_per_day replacements a day, then waits for the next day', () => {
    const shard = oneAgent(0.04, {
      ticks_per_day: 100,
      jobs: {},
      lifecycle: {
        respawn_needs: { hunger: 0.04, hygiene: 1, energy: 1 },
        exit_cooldown_ticks: 0,
        max_respawns_per_slot_per_day: 2,
      },
    });
    const respawns = ticksOf(shard, 'agent_respawn', 330);
    const perDay = [0, 1, 2, 3].map((d) => respawns.filter((t) => Math.floor(t / 100) === d).length);
    expect(perDay.slice(0, 3)).toEqual([2, 2, 2]);
    // The third replacement of day 0 is pushed to the first tick of day 1.
    expect(respawns).toContain(100);
    expect(respawns).toContain(200);
    expect(shard.counters().events_by_kind.respawn_deferred).toBeGreaterThanOrEqual(3);
  });

  it('max_respawns_per_slot_per_day 0 means no replacement', () => {
    const shard = oneAgent(0.04, { lifecycle: { max_respawns_per_slot_per_day: 0 } });
    expect(ticksOf(shard, 'agent_respawn', 100)).toEqual([]);
    expect(shard.liveAgents).toBe(0);
  });
});

describe('lifecycle: leaving the world mid-use', () => {
  it('an agent that faints while using an object loses the affordance; its replacement starts afresh', () => {
    const shard = createShard({
      config_id: 'life',
      seed: 11,
      jobs: {},
      rewards: { decay_rates: { hunger: 0.01, hygiene: 0, energy: 0 } },
      world: { grid: { width: 8, height: 8 }, layout: { kind: 'empty' } },
      population: { count: 0 },
      // Showering does nothing for hunger: ann faints mid-shower (0.295 − 27 × 0.01 ≤ 0.03 at tick 27; the
      // shower would end at tick 30).
      scenario: {
        objects: [{ id: 'shower', type: 'shower', position: [3, 2] }],
        agents: [{ id: 'ann', position: [3, 3], needs: { hunger: 0.295, hygiene: 0.1, energy: 1 }, wallet: 9 }],
      },
    });
    let fail: { tick: number; value: number } | undefined;
    for (let t = 0; t < 30 && !fail; t++) {
      shard.step();
      const e = shard.eventRecords().find((r) => r.kind === 'affordance_fail');
      if (e) fail = { tick: e.tick, value: e.value };
    }
    expect(fail).toEqual({ tick: 27, value: FailReasonCode.agent_exit });
    expect(shard.state.activity.affordance[1]).toBe(-1);
    expect(shard.state.objects.occupant[0]).toBe(0);
    expect(shard.state.reservations.holder[0]).toBe(0);
    expect(shard.state.needs.hygiene[1]).toBeCloseTo(0.1, 6); // no effects applied
    shard.run(25); // the replacement arrives within 5–20 ticks
    expect(shard.liveAgents).toBe(1);
    expect(shard.state.agentIds.get(1)).toBe('ann#1');
    expect(shard.state.policyMemory.blocked[1]).toBe(-1);
    expect(shard.state.queues.cooldownObject[1]).toBe(-1);
  });
});
