import { describe, expect, it } from 'vitest';
import { createShard, type Shard } from '../src/core/shard.js';
import { checkCharter } from '../src/kpis/charter.js';
import { scene } from './helpers/scene.js';
import { collectEvents } from './helpers/step-events.js';

/** Two agents on an empty grid, 10-tick days; `ann` starts at hunger `annHunger`, `bob` is fed. */
function pair(annHunger: number, decay: number, over: Record<string, unknown> = {}): Shard {
  return createShard(
    scene({
      width: 8,
      height: 8,
      agents: [
        { id: 'ann', position: [2, 2], needs: { hunger: annHunger, hygiene: 1, energy: 1 } },
        { id: 'bob', position: [5, 5], needs: { hunger: 1, hygiene: 1, energy: 1 } },
      ],
      over: {
        ticks_per_day: 10,
        rewards: { decay_rates: { hunger: decay, hygiene: 0, energy: 0 } },
        lifecycle: { respawn_delay_ticks: [5, 5], respawn_needs: { hunger: 1, hygiene: 1, energy: 1 } },
        nightly_reset: { go_home: false },
        ...over,
      },
    }),
  );
}

describe('starvation incidents', () => {
  it('count once when hunger stays at or below 0.05 for 30 consecutive ticks', () => {
    const shard = pair(0.04, 0, { lifecycle: { mortality: false } });
    const incidents = collectEvents(shard, 100, 'starvation_incident');
    expect(incidents.map((e) => [e.tick, e.agent])).toEqual([[30, 'ann']]);
    expect(shard.kpis().starvation_incidents).toBe(1);
  });

  it('a run broken by a fed tick starts again from zero', () => {
    const shard = pair(0.04, 0, { lifecycle: { mortality: false } });
    shard.run(20);
    shard.state.needs.hunger[1] = 0.5; // one fed tick
    shard.step();
    shard.state.needs.hunger[1] = 0.04;
    const incidents = collectEvents(shard, 40, 'starvation_incident');
    // Ticks 22..51 are the next 30 starving ticks.
    expect(incidents.map((e) => e.tick)).toEqual([51]);
  });
});

describe('agent-days, self-sufficiency and tenure', () => {
  it('count whole days only, fail the day of an exit, and average every life', () => {
    // ann: 0.2 − 0.01·t ≤ 0.03 at t = 17 (day 1 = ticks 11..20) → faint; her replacement enters at 22.
    const shard = pair(0.2, 0.01);
    const exits = collectEvents(shard, 30, 'agent_exit', 'agent_respawn');
    expect(exits.map((e) => [e.kind, e.tick])).toEqual([
      ['agent_exit', 17],
      ['agent_respawn', 22],
    ]);
    const k = shard.kpis();
    // Days 0, 1, 2 × two slots; only ann's day 1 failed.
    expect(k.agent_days).toBe(6);
    expect(k.self_sufficiency).toBeCloseTo(5 / 6, 12);
    // Lives: ann 0→17, ann#1 22→30, bob 0→30.
    expect(k.lives).toBe(3);
    expect(k.tenure_days_mean).toBeCloseTo((17 + 8 + 30) / 3 / 10, 12);
    expect(k.exits_by_reason).toEqual({ faint: 1, eviction: 0, operator: 0 });
  });

  it('leave a day the run ends in out of the agent-days', () => {
    const shard = pair(1, 0);
    shard.run(25);
    expect(shard.kpis().agent_days).toBe(4);
    expect(shard.kpis().self_sufficiency).toBe(1);
    expect(shard.kpis().tenure_days_mean).toBe(2.5);
  });

  it('report ratios with no denominator as null', () => {
    const shard = pair(1, 0);
    shard.run(3);
    const k = shard.kpis();
    expect(k.self_sufficiency).toBeNull();
    expect(k.income_spend_ratio).toBeNull();
    expect(k.lateness_rate).toBeNull();
    expect(checkCharter(k).self_sufficiency).toEqual({ value: null, target: 0.7, met: false });
  });
});

describe('charter check', () => {
  it('compares each KPI with its minimum', () => {
    const shard = pair(1, 0);
    shard.run(20);
    const c = checkCharter(shard.kpis());
    expect(c.self_sufficiency).toEqual({ value: 1, target: 0.7, met: true });
    expect(c.tenure_days_mean).toEqual({ value: 2, target: 3, met: false });
  });
});
