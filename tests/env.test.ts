import { describe, expect, it } from 'vitest';
import { Action } from '../src/actions/action-space.js';
import { InputError } from '../src/core/errors.js';
import { TownEnv } from '../src/env/town-env.js';
import { TownParallelEnv } from '../src/env/parallel-env.js';
import { scene } from './helpers/scene.js';

/**
 * Two agents on an empty grid: `ann` starves (hunger 0.095, −0.01 a tick: faints at tick 7) and is replaced 3 ticks
 * later; `bob` is fed. Episodes of `episode` ticks.
 */
function town(episode = 20) {
  return scene({
    width: 8,
    height: 8,
    agents: [
      { id: 'ann', position: [2, 2], needs: { hunger: 0.095, hygiene: 1, energy: 1 } },
      { id: 'bob', position: [5, 5], needs: { hunger: 1, hygiene: 1, energy: 1 } },
    ],
    over: {
      rewards: { decay_rates: { hunger: 0.01, hygiene: 0, energy: 0 } },
      lifecycle: { respawn_delay_ticks: [3, 3], respawn_needs: { hunger: 1, hygiene: 1, energy: 1 } },
      env: { episode_ticks: episode },
    },
  });
}

const noops = (n: number) => new Int32Array(n).fill(Action.noop);

describe('the batched env', () => {
  it('returns the same zero-copy views on every step and reset, shaped by the spec', () => {
    const env = new TownEnv(town());
    const first = env.reset();
    expect(env.capacity).toBe(2);
    expect(first.observations!.length).toBe(2 * env.obsDim);
    expect(env.obsDim).toBe(env.spec.obsDim);
    expect(first.masks.length).toBe(2 * env.nActions);
    expect(env.nActions).toBe(env.actionNames.length);
    // No worker threads (the default): ordinary memory, which V8 writes faster than a SharedArrayBuffer.
    expect(first.observations!.buffer).toBeInstanceOf(ArrayBuffer);
    const next = env.step(noops(2));
    const again = env.reset(7);
    for (const key of ['observations', 'rewards', 'terminations', 'truncations', 'masks', 'alive', 'agentIds'] as const) {
      expect(next[key]).toBe(first[key]);
      expect(again[key]).toBe(first[key]);
    }
  });

  it('terminates a fainting agent under its id, gives its replacement a new id, and truncates at the end', () => {
    const env = new TownEnv(town(20));
    let step = env.reset();
    expect(Array.from(step.agentIds)).toEqual([1, 2]);
    const terminatedAt: number[] = [];
    for (let t = 1; t <= 20; t++) {
      step = env.step(noops(2));
      if (step.terminations[0] === 1) terminatedAt.push(t);
      if (t === 7) expect([step.agentIds[0], step.alive[0]]).toEqual([1, 0]);
      if (t < 20) expect(step.truncations[1]).toBe(0);
    }
    // 0.095 − 0.01·t ≤ 0.03 from t = 7; the replacement enters at tick 10 as agent 3; a dead id never comes back.
    expect(terminatedAt).toEqual([7]);
    expect(Array.from(step.agentIds)).toEqual([3, 2]);
    expect(step.done).toBe(true);
    expect(step.episodeTick).toBe(20);
    expect(Array.from(step.truncations)).toEqual([1, 1]);
    expect(() => env.step(noops(2))).toThrow(/reset/);
    step = env.reset();
    expect([step.done, step.episodeTick, Array.from(step.agentIds)]).toEqual([false, 0, [1, 2]]);
  });

  it('observes a replacement with ctx_reset = 1 on its first step, then 0; its needs are its own', () => {
    const env = new TownEnv(town(20));
    let step = env.reset();
    const f = (name: string) => env.spec.mapSize + env.spec.featureNames.indexOf(name);
    const row = (r: number, name: string) => step.observations![r * env.obsDim + f(name)]!;
    expect(row(0, 'ctx_reset_flag')).toBe(1); // a life's first observation
    expect(row(0, 'need_hunger')).toBeCloseTo(0.095, 6);
    step = env.step(noops(2));
    expect(row(0, 'ctx_reset_flag')).toBe(0);
    for (let t = 2; t <= 10; t++) step = env.step(noops(2));
    expect(step.agentIds[0]).toBe(3);
    expect(row(0, 'ctx_reset_flag')).toBe(1);
    expect(row(0, 'need_hunger')).toBeCloseTo(0.99, 6); // spawned at 1 in tick 10, then that tick's decay
    step = env.step(noops(2));
    expect(row(0, 'ctx_reset_flag')).toBe(0);
  });

  it('same seed and actions give the same trajectory; another seed another world', () => {
    const run = (seed: number) => {
      const env = new TownEnv({ config_id: 'env-det', seed, population: { count: 24 }, env: { episode_ticks: 50 } });
      env.reset(seed);
      const hashes: string[] = [];
      for (let t = 0; t < 50; t++) {
        const actions = new Int32Array(env.capacity).map((_, row) => (row + t) % env.nActions);
        env.step(actions);
        hashes.push(env.shard.hash());
      }
      return hashes;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(4)).not.toEqual(run(3));
  });

  it('rejects actions of the wrong size or type, changing nothing', () => {
    const env = new TownEnv(town());
    env.reset();
    const before = env.shard.hash();
    expect(() => env.step(new Int32Array(3))).toThrow(InputError);
    expect(() => env.step([0, 0] as unknown as Int32Array)).toThrow(/an Int32Array of 2 actions/);
    expect(() => env.reset(-1)).toThrow(InputError);
    expect(env.shard.hash()).toBe(before);
    expect(env.shard.tick).toBe(0);
  });
});

describe('the per-agent (PettingZoo-style) view', () => {
  it('keeps one space object per kind, lists live agents and admits replacements under new ids', () => {
    const env = new TownParallelEnv(town(20));
    const reset = env.reset();
    expect(env.agents).toEqual(['ann', 'bob']);
    expect(env.possible_agents).toEqual(['ann', 'bob']);
    expect(env.observation_space('ann')).toBe(env.observation_space('bob'));
    expect(env.action_space('ann')).toBe(env.action_space('ann'));
    expect(env.observation_space('ann').shape).toEqual([env.env.obsDim]);
    expect(env.action_space('bob').n).toBe(env.env.nActions);
    expect(reset.observations['ann']!.length).toBe(env.env.obsDim);
    expect(reset.infos['bob']!.action_mask.length).toBe(env.env.nActions);
    let faintStep: Record<string, boolean> = {};
    for (let t = 1; t <= 10; t++) {
      const out = env.step({ bob: Action.noop });
      if (t === 7) faintStep = out.terminations;
      if (t === 10) expect(Object.keys(out.observations)).toEqual(['bob', 'ann#1']);
    }
    expect(faintStep).toEqual({ ann: true, bob: false });
    expect(env.agents).toEqual(['bob', 'ann#1']);
    expect(env.possible_agents).toEqual(['ann', 'bob', 'ann#1']);
    expect(() => env.step({ ann: Action.noop })).toThrow(InputError);
  });

  it('truncates everyone at the episode end and empties the agent list', () => {
    const env = new TownParallelEnv(town(5));
    env.reset();
    let out = env.step({});
    for (let t = 2; t <= 5; t++) out = env.step({});
    expect(out.truncations).toEqual({ ann: true, bob: true });
    expect(env.agents).toEqual([]);
    env.reset();
    expect(env.agents).toEqual(['ann', 'bob']);
  });
});
