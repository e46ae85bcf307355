import { describe, expect, it } from 'vitest';
import { Action, USE_BASE } from '../src/actions/action-space.js';
import type { Shard } from '../src/core/shard.js';
import { queueConflict } from '../src/social/deltas.js';
import { act, breakdown, reward, tensorScene } from './helpers/tensor-scene.js';

const { noop: NOOP, moveSouth: S, chat: CHAT } = Action;
const full = { hunger: 1, hygiene: 1, energy: 1 };

/** Steps with noop for every agent until the clock reads `tick`. */
function noopTo(shard: Shard, tick: number): void {
  while (shard.tick < tick) act(shard, ...new Array<number>(shard.actions.length).fill(NOOP));
}

describe('survival and needs', () => {
  it('reward = survival_tick − Σ weight × (1 − need)²', () => {
    const shard = tensorScene(
      {
        width: 6,
        height: 5,
        agents: [
          { id: 'ann', position: [1, 1], needs: full },
          { id: 'bob', position: [3, 3], needs: { hunger: 0.5, hygiene: 0.75, energy: 0.25 } },
        ],
      },
      { survival_tick: 0.001953125, needs_weights: { hunger: 1, hygiene: 0.5, energy: 0.75 } },
    );
    act(shard, NOOP, NOOP);
    expect(reward(shard, 1)).toBe(0.001953125);
    // 1 × 0.5² + 0.5 × 0.25² + 0.75 × 0.75² = 0.25 + 0.03125 + 0.421875
    expect(breakdown(shard, 2).needs_penalty).toBe(-0.703125);
    expect(reward(shard, 2)).toBe(0.001953125 - 0.703125);
    expect(breakdown(shard, 2).survival).toBe(0.001953125);
  });
});

describe('wage and punctuality', () => {
  const WAGE = 0.125;
  const BONUS = 0.0625;
  /** One job, shop, worked at (5, 3) in ticks 10..19 of a 50-tick day; grace 2, absent after 6 ticks. */
  function shop(rewards = {}) {
    return tensorScene(
      {
        width: 12,
        height: 7,
        agents: [
          { id: 'ann', position: [5, 3], needs: full }, // at work all along
          { id: 'bob', position: [8, 3], needs: full }, // never comes
          { id: 'cat', position: [5, 1], needs: full }, // walks in during the grace
          { id: 'dan', position: [5, 3], needs: full }, // industrious, at work
          { id: 'eve', position: [8, 1], needs: full }, // industrious, never comes
        ],
        over: {
          ticks_per_day: 50,
          jobs: { shop: { start_tick: 10, end_tick: 19, wage_rate: WAGE, location: [5, 3] } },
          employment: { grace_ticks: 2, absent_cutoff: 6, absence_slack: 3 },
          personalities: { overrides: { dan: 'industrious', eve: 'industrious' } },
        },
      },
      { wage_rate: 0.01, punctuality_bonus: BONUS, personality_bias: true, ...rewards },
      { job: 'shop' },
    );
  }
  const work = (shard: Shard, eid: number) => [breakdown(shard, eid).wage, breakdown(shard, eid).punctuality];

  it('the wage paid this tick, minus a wage withheld; punctuality × on-time ticks ÷ ticks since the start', () => {
    const shard = shop();
    noopTo(shard, 9);
    for (let eid = 1; eid <= 5; eid++) expect(work(shard, eid)).toEqual([0, 0]);
    act(shard, NOOP, NOOP, S, NOOP, NOOP); // tick 10: the shift begins
    expect(work(shard, 1)).toEqual([WAGE, BONUS]);
    expect(work(shard, 2)).toEqual([0, 0]); // away within the grace: nothing withheld yet
    expect(work(shard, 3)).toEqual([0, 0]);
    // Industrious (employmentReward 1.25): a gain × 1.25.
    expect(work(shard, 4)).toEqual([WAGE * 1.25, BONUS * 1.25]);
    act(shard, NOOP, NOOP, S, NOOP, NOOP); // tick 11: cat arrives within the grace, on time
    expect(work(shard, 3)).toEqual([WAGE, BONUS / 2]);
    act(shard, NOOP, NOOP, NOOP, NOOP, NOOP);
    expect(work(shard, 3)).toEqual([WAGE, Math.fround((BONUS * 2) / 3)]);
    noopTo(shard, 13); // bob and eve are late from tick 13: the wage is withheld
    expect(work(shard, 2)).toEqual([-WAGE, 0]);
    expect(work(shard, 5)).toEqual([Math.fround(-WAGE / 1.25), 0]); // a loss ÷ 1.25
    expect(reward(shard, 5)).toBe(Math.fround(-0.1));
    noopTo(shard, 17); // absent: still withheld
    expect(work(shard, 2)).toEqual([-WAGE, 0]);
    noopTo(shard, 20); // the shift is over
    for (let eid = 1; eid <= 5; eid++) expect(work(shard, eid)).toEqual([0, 0]);
  });

  it('wage_rate 0 switches the wage reward off (a gate, not a multiplier)', () => {
    const shard = shop({ wage_rate: 0 });
    noopTo(shard, 10);
    expect(work(shard, 1)).toEqual([0, BONUS]);
  });
});

describe('social rewards', () => {
  const pair = (stage: 'OFF' | 'C1' | 'C2', overrides = {}) =>
    tensorScene(
      {
        width: 9,
        height: 7,
        agents: [
          { id: 'ann', position: [1, 1], needs: full },
          { id: 'bob', position: [2, 1], needs: full },
          { id: 'cat', position: [5, 4], needs: full },
          { id: 'dan', position: [6, 4], needs: { hunger: 0.125, hygiene: 1, energy: 1 } },
        ],
        over: { features: { stages: { social_rewards: stage } }, personalities: { overrides } },
      },
      { personality_bias: true, social: { C1_chat_base: 0.01, C1_coeff_trust: 0.3, C1_coeff_fam: 0.2 } },
    );

  it('C1: a chat rewards both (base + 0.3 × trust + 0.2 × familiarity) × quality, tie after the chat', () => {
    const shard = pair('C1');
    act(shard, CHAT, NOOP, CHAT, NOOP);
    // Strangers: quality 0.5; after the chat trust 0.025 and familiarity 0.05 both ways.
    const each = (0.01 + 0.3 * 0.025 + 0.2 * 0.05) * 0.5;
    expect(reward(shard, 1)).toBeCloseTo(each, 7);
    expect(reward(shard, 2)).toBeCloseTo(each, 7);
    expect(breakdown(shard, 1).social_bonus).toBeCloseTo(each, 7);
    // dan's hunger 0.125 is below C1_need_floor 0.15: no chat reward for him, his partner still gets hers.
    expect(reward(shard, 3)).toBeCloseTo(each, 7);
    expect(reward(shard, 4)).toBe(0);
    act(shard, NOOP, NOOP, NOOP, NOOP);
    expect(reward(shard, 1)).toBe(0);
  });

  it('stage OFF: no chat reward', () => {
    const shard = pair('OFF');
    act(shard, CHAT, NOOP, NOOP, NOOP);
    expect([reward(shard, 1), reward(shard, 2)]).toEqual([0, 0]);
  });

  it('C1 failure: the speaker loses 0.5 × base, the partner 0.25 × base; a socialite loses ÷ 1.2', () => {
    const shard = pair('C1', { ann: 'socialite' });
    queueConflict(shard.state, 1, 2, 5, 0); // rivalry 0.75 ≥ avoid_threshold: ann avoids bob
    act(shard, CHAT, NOOP, NOOP, NOOP);
    expect(shard.eventRecords().filter((e) => e.kind === 'chat_failure')).toHaveLength(1);
    expect(breakdown(shard, 1).social_penalty).toBe(Math.fround(-0.005 / 1.2));
    expect(breakdown(shard, 2).social_penalty).toBe(Math.fround(-0.0025));
    expect(breakdown(shard, 1).social_bonus).toBe(0);
  });

  it('C2: the scripted agent that steps away from a rival gets C2_avoid_conflict; C1 gives nothing', () => {
    for (const [stage, expected] of [['C2', 0.0078125], ['C1', 0]] as const) {
      const shard = tensorScene(
        {
          width: 7,
          height: 5,
          objects: [{ id: 'fridge', type: 'fridge', position: [3, 2], stock: { meals: 50 } }],
          agents: [
            { id: 'ann', position: [2, 2], needs: { hunger: 0.2 }, wallet: 10 },
            { id: 'bob', position: [4, 2], needs: { hunger: 0.2 }, wallet: 10 },
          ],
          over: {
            features: { stages: { social_rewards: stage } },
            conflict: { rivalry: { decay_per_tick: 0 } },
          },
        },
        { social: { C2_avoid_conflict: 0.0078125 } },
        { scripted: true },
      );
      queueConflict(shard.state, 1, 2, 5, 0);
      shard.step(); // ann takes the fridge, bob lines up behind her
      shard.step(); // bob sees his rival holding it and steps away
      expect(shard.eventRecords().filter((e) => e.kind === 'rival_avoided')).toHaveLength(1);
      expect(breakdown(shard, 2).social_avoidance).toBe(expected);
      expect(reward(shard, 2)).toBe(expected);
    }
  });
});

describe('terminal penalties', () => {
  it('a faint: faint_penalty in the exit tick, clipped per tick (reference: raw −0.998 → −0.2)', () => {
    const shard = tensorScene(
      { width: 6, height: 5, agents: [{ id: 'ann', position: [1, 1], needs: { hunger: 0.03 } }] },
      { survival_tick: 0.002, faint_penalty: -1, clip: { clip_per_tick: 0.2 } },
    );
    act(shard, NOOP);
    expect(shard.state.life.alive[1]).toBe(0);
    const b = breakdown(shard, 1);
    expect(b.terminal_penalty).toBe(-1);
    expect(reward(shard, 1)).toBe(Math.fround(-0.2));
    expect(b.clip_adjustment).toBeCloseTo(0.798, 6);
    act(shard, NOOP); // the slot is empty now
    expect(reward(shard, 1)).toBe(0);
  });

  it('an eviction by the employment exit loop: eviction_penalty', () => {
    const shard = tensorScene(
      {
        width: 12,
        height: 7,
        agents: [{ id: 'bob', position: [8, 3], needs: full }],
        over: {
          ticks_per_day: 50,
          jobs: { shop: { start_tick: 10, end_tick: 19, location: [5, 3] } },
          employment: { grace_ticks: 2, absent_cutoff: 6, enforce_job_loop: true, max_absent_shifts: 1 },
          lifecycle: { max_respawns_per_slot_per_day: 0 },
        },
      },
      { eviction_penalty: -2 },
      { job: 'shop' },
    );
    let exitTick = 0;
    while (exitTick === 0 && shard.tick < 50) {
      act(shard, NOOP);
      if (shard.eventRecords().some((e) => e.kind === 'agent_exit')) exitTick = shard.tick;
    }
    expect(exitTick).toBe(17); // absent in tick 17: queued and let go at once (no daily cap)
    expect(breakdown(shard, 1).terminal_penalty).toBe(-2);
    expect(reward(shard, 1)).toBe(-1); // clip_per_tick 1
    expect(breakdown(shard, 1).clip_adjustment).toBe(1);
  });
});

describe('use of the action space in reward scenes', () => {
  it('rewards do not depend on the action taken, only on the world after the tick', () => {
    const shard = tensorScene(
      { width: 6, height: 5, agents: [{ id: 'ann', position: [1, 1], needs: full }] },
      { survival_tick: 0.001953125 },
    );
    for (const a of [NOOP, S, USE_BASE, CHAT]) {
      act(shard, a);
      expect(reward(shard, 1)).toBe(0.001953125);
    }
  });
});
