import type { TownConfigInput } from '../../src/config/schema.js';
import { createShard, type Shard } from '../../src/core/shard.js';
import { REWARD_COMPONENT_COUNT, REWARD_COMPONENTS, type RewardComponent } from '../../src/tensors/reward-components.js';
import { setRewardBreakdown } from '../../src/tensors/reward-state.js';
import { scene, type SceneSpec } from './scene.js';

type Rewards = NonNullable<TownConfigInput['rewards']>;

/**
 * Reward settings that switch every component off (clips wide open, no death window, no bias), so a test turns
 * on only what it measures. Needs do not decay.
 */
export const QUIET_REWARDS = {
  decay_rates: { hunger: 0, hygiene: 0, energy: 0 },
  needs_weights: { hunger: 0, hygiene: 0, energy: 0 },
  survival_tick: 0,
  punctuality_bonus: 0,
  wage_rate: 0,
  faint_penalty: 0,
  eviction_penalty: 0,
  personality_bias: false,
  social: { C1_chat_base: 0, C1_coeff_trust: 0, C1_coeff_fam: 0, C2_avoid_conflict: 0 },
  clip: { clip_per_tick: 1, clip_per_episode: 200, no_positive_within_death_ticks: 0 },
} satisfies Rewards;

/** Options of tensorScene. */
export interface TensorSceneOptions {
  /** Let the scripted policy drive the agents (default: the caller writes the actions). */
  scripted?: boolean;
  /** Job of every scenario agent (a job of `over.jobs`). */
  job?: string;
}

/**
 * A scene (tests/helpers/scene.ts) with tensors on, driven by the caller unless `scripted`, `rewards` on top of
 * QUIET_REWARDS, and the reward breakdown switched on.
 */
export function tensorScene(spec: SceneSpec, rewards: Rewards = {}, options: TensorSceneOptions = {}): Shard {
  const config = scene({ ...spec, over: { ...spec.over, rewards: mergeRewards(rewards) } });
  if (options.job !== undefined) config.scenario!.agents!.forEach((a) => (a.job = options.job));
  const scripted = options.scripted === true;
  const shard = createShard(config, { tensors: true, policy: scripted ? 'scripted' : 'external' });
  const t = shard.tensors!;
  setRewardBreakdown(t, new Float32Array(t.buffers.capacity * REWARD_COMPONENT_COUNT));
  return shard;
}

/** QUIET_REWARDS with `r` on top (sections merged one level deep). */
export function mergeRewards(r: Rewards): Rewards {
  return {
    ...QUIET_REWARDS,
    ...r,
    needs_weights: { ...QUIET_REWARDS.needs_weights, ...r.needs_weights },
    social: { ...QUIET_REWARDS.social, ...r.social },
    clip: { ...QUIET_REWARDS.clip, ...r.clip },
  };
}

/** Slot `eid`'s last reward breakdown, by component name. */
export function breakdown(shard: Shard, eid: number): Record<RewardComponent, number> {
  const b = shard.tensors!.rewards.breakdown!;
  const row = (eid - 1) * REWARD_COMPONENT_COUNT;
  return Object.fromEntries(REWARD_COMPONENTS.map((name, i) => [name, b[row + i]!])) as Record<RewardComponent, number>;
}

/** Slot `eid`'s last reward. */
export function reward(shard: Shard, eid: number): number {
  return shard.tensors!.buffers.rewards[eid - 1]!;
}

/** Writes one action per agent slot (in slot order) and steps once. */
export function act(shard: Shard, ...actions: number[]): void {
  shard.actions.set(actions);
  shard.step();
}
