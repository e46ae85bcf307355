import { describe, expect, it } from 'vitest';
import { Action } from '../src/actions/action-space.js';
import { REWARD_COMPONENT_COUNT } from '../src/tensors/reward-components.js';
import { resetRewardEpisodes, rewardClipEvents, setRewardBreakdown } from '../src/tensors/reward-state.js';
import { act, breakdown, reward, tensorScene } from './helpers/tensor-scene.js';

const { noop: NOOP } = Action;
const full = { hunger: 1, hygiene: 1, energy: 1 };

/** One agent, ann, alone on a 6×5 floor with the given needs. */
const alone = (needs: object, rewards: Parameters<typeof tensorScene>[1], over = {}) =>
  tensorScene({ width: 6, height: 5, agents: [{ id: 'ann', position: [1, 1], needs }], over }, rewards);

describe('per-tick clip', () => {
  it('clips to ±clip_per_tick and counts reward_clip_events (reference: 0.5 needs → −0.598 → −0.2)', () => {
    const shard = alone(
      { hunger: 0.5, hygiene: 0.5, energy: 0.5 },
      { survival_tick: 0.002, needs_weights: { hunger: 1, hygiene: 0.6, energy: 0.8 }, clip: { clip_per_tick: 0.2 } },
    );
    for (let i = 0; i < 3; i++) act(shard, NOOP);
    expect(reward(shard, 1)).toBe(Math.fround(-0.2));
    const b = breakdown(shard, 1);
    expect(b.needs_penalty).toBeCloseTo(-0.6, 6);
    expect(b.clip_adjustment).toBeCloseTo(0.398, 6);
    expect(rewardClipEvents(shard.tensors!)).toBe(3);
  });
});

describe('per-episode clip', () => {
  it('keeps the episode sum within ±clip_per_episode; resetRewardEpisodes starts a new episode', () => {
    const shard = alone({ hunger: 0.5, hygiene: 1, energy: 1 }, {
      needs_weights: { hunger: 1 },
      clip: { clip_per_episode: 1 },
    });
    const got: number[] = [];
    for (let i = 0; i < 6; i++) {
      act(shard, NOOP);
      got.push(reward(shard, 1));
    }
    expect(got).toEqual([-0.25, -0.25, -0.25, -0.25, 0, 0]);
    expect(breakdown(shard, 1).clip_adjustment).toBe(0.25);
    expect(shard.tensors!.rewards.episodeTotal[1]).toBe(-1);
    expect(rewardClipEvents(shard.tensors!)).toBe(2);
    resetRewardEpisodes(shard.tensors!);
    act(shard, NOOP);
    expect(reward(shard, 1)).toBe(-0.25);
  });

  it('caps positive episodes too: 128 ticks of 2⁻⁷ reach +1, the 129th gets 0', () => {
    const shard = alone(full, { survival_tick: 0.0078125, clip: { clip_per_episode: 1 } });
    let sum = 0;
    for (let i = 0; i < 128; i++) {
      act(shard, NOOP);
      sum += reward(shard, 1);
    }
    expect(sum).toBe(1);
    act(shard, NOOP);
    expect(reward(shard, 1)).toBe(0);
    expect(breakdown(shard, 1).clip_adjustment).toBe(-0.0078125);
  });
});

describe('death window', () => {
  it('no positive reward in the exit tick and the slot\'s next no_positive_within_death_ticks ticks', () => {
    const shard = alone(
      { hunger: 0.03, hygiene: 1, energy: 1 },
      { survival_tick: 0.0078125, clip: { no_positive_within_death_ticks: 4 } },
      { lifecycle: { respawn_delay_ticks: [2, 2], respawn_needs: full } },
    );
    const got: number[] = [];
    for (let tick = 1; tick <= 7; tick++) {
      act(shard, NOOP);
      got.push(reward(shard, 1));
    }
    // Tick 1: faint (raw +survival, blocked); 2: empty slot; 3: the replacement enters; 3–5 blocked (≤ 1 + 4).
    expect(got).toEqual([0, 0, 0, 0, 0, 0.0078125, 0.0078125]);
    expect(shard.state.agentIds.get(1)).toBe('ann#1');
    // The replacement is a new episode: its sum does not carry the first life's rewards.
    expect(shard.tensors!.rewards.episodeTotal[1]).toBe(2 * 0.0078125);
  });

  it('blocks only gains: a loss inside the window is paid in full', () => {
    const shard = alone(
      { hunger: 0.03, hygiene: 1, energy: 1 },
      { needs_weights: { hygiene: 1 }, faint_penalty: -0.5, clip: { no_positive_within_death_ticks: 10 } },
      { lifecycle: { respawn_delay_ticks: [1, 1], respawn_needs: { hunger: 1, hygiene: 0.5, energy: 1 } } },
    );
    act(shard, NOOP);
    expect(reward(shard, 1)).toBe(-0.5);
    act(shard, NOOP);
    expect(reward(shard, 1)).toBe(-0.25); // the replacement's hygiene deficit 0.5², inside the window
  });
});

describe('terminal penalty and the per-tick clip', () => {
  const faint = (outside: boolean) => {
    const shard = alone(
      { hunger: 0.03, hygiene: 0.5, energy: 1 },
      {
        needs_weights: { hygiene: 0.4 },
        faint_penalty: -2,
        clip: { clip_per_tick: 0.2, clip_per_episode: 3, terminal_outside_clip: outside },
      },
    );
    act(shard, NOOP); // tick 1: ann faints with a hunger deficit of 0.97² and a hygiene deficit of 0.5²
    return { r: reward(shard, 1), b: breakdown(shard, 1) };
  };

  it('terminal_outside_clip: the faint costs its full penalty on top of the clipped living reward', () => {
    const { r, b } = faint(true);
    expect(b.terminal_penalty).toBe(-2);
    expect(b.needs_penalty).toBeCloseTo(-0.1, 6);
    expect(r).toBeCloseTo(-2.1, 6); // living −0.1 (inside the clip) + terminal −2
    expect(r).toBeLessThanOrEqual(-2);
  });

  it('off (the reference): the per-tick clip cuts the penalty to −clip_per_tick', () => {
    const { r, b } = faint(false);
    expect(r).toBe(Math.fround(-0.2));
    expect(b.clip_adjustment).toBeCloseTo(1.9, 6);
  });

  it('the episode clip still bounds the sum', () => {
    const shard = alone(
      { hunger: 0.03, hygiene: 1, energy: 1 },
      { faint_penalty: -5, clip: { clip_per_tick: 0.2, clip_per_episode: 3, terminal_outside_clip: true } },
    );
    act(shard, NOOP);
    expect(reward(shard, 1)).toBe(-3);
  });
});

describe('breakdown', () => {
  it('the components after the bias plus clip_adjustment sum to the total', () => {
    const shard = alone(
      { hunger: 0.5, hygiene: 0.75, energy: 1 },
      { survival_tick: 0.002, needs_weights: { hunger: 1, hygiene: 1 }, clip: { clip_per_tick: 0.2 } },
    );
    act(shard, NOOP);
    const b = breakdown(shard, 1);
    const parts = Object.entries(b).filter(([name]) => name !== 'total');
    expect(parts.reduce((sum, [, v]) => sum + v, 0)).toBeCloseTo(b.total, 6);
    expect(b.total).toBe(reward(shard, 1));
  });

  it('is filled only when asked, into an array of capacity × components', () => {
    const shard = alone(full, { survival_tick: 0.002 });
    const t = shard.tensors!;
    expect(() => setRewardBreakdown(t, new Float32Array(3))).toThrow(/expected a Float32Array of 1 × 10/);
    setRewardBreakdown(t, null);
    act(shard, NOOP);
    expect(t.rewards.breakdown).toBeNull();
    const out = new Float32Array(REWARD_COMPONENT_COUNT);
    setRewardBreakdown(t, out);
    act(shard, NOOP);
    expect(out[0]).toBe(Math.fround(0.002));
  });
});
