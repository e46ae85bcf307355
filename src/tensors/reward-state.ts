import { sharedFloat64, sharedInt32, sharedUint32, sharedUint8 } from '../../components/shared-arrays.js';
import type { StateRegistry } from '../core/state-registry.js';
import { PROFILES } from '../personality/profiles.js';
import { REWARD_COMPONENT_COUNT } from './reward-components.js';
import type { TensorState } from './tensor-state.js';

/** Bias columns per profile in RewardState.bias. */
export const BIAS_SOCIAL = 0;
export const BIAS_EMPLOYMENT = 1;
export const BIAS_SURVIVAL = 2;
const BIAS_COLUMNS = 3;

/**
 * The reward engine's per-slot bookkeeping (indexed by entity id, capacity + 1 long). `episodeTotal`,
 * `episodeLife`, `blockUntil` and `clipEvents` carry over ticks: registered, hashed. The `tick*` arrays are this
 * tick's event inputs, rebuilt from the event buffer before the row pass (src/tensors/reward-events.ts) and
 * consumed in the same tick, so they are derived and not hashed (like the agent index). All are shared memory:
 * the row pass may run in worker threads.
 */
export function createRewardState(capacity: number) {
  const n = capacity + 1;
  const bias = new Float64Array(PROFILES.length * BIAS_COLUMNS);
  PROFILES.forEach((p, code) => {
    bias[code * BIAS_COLUMNS + BIAS_SOCIAL] = p.socialReward;
    bias[code * BIAS_COLUMNS + BIAS_EMPLOYMENT] = p.employmentReward;
    bias[code * BIAS_COLUMNS + BIAS_SURVIVAL] = p.survivalReward;
  });
  return {
    capacity,
    /** Sum of the rewards of the slot's current episode (its life, or since resetRewardEpisodes). */
    episodeTotal: sharedFloat64(n),
    /** life.life the episode belongs to: a new life starts a new episode. */
    episodeLife: sharedUint32(n),
    /** Last tick of the slot's death window (no positive reward up to it); -1 = none. */
    blockUntil: sharedInt32(n).fill(-1),
    /** Ticks at which a clip (per tick or per episode) changed the slot's reward. */
    clipEvents: sharedFloat64(n),
    /** This tick: chat rewards, chat-failure penalties, avoidance rewards (before the personality bias). */
    tickBonus: sharedFloat64(n),
    tickPenalty: sharedFloat64(n),
    tickAvoidance: sharedFloat64(n),
    /** This tick: exit reason code of the life that ended (0 = none). */
    tickExit: sharedUint8(n),
    /** Slots whose tick* entries were written this tick (listed once), so the next tick clears only those. */
    touched: sharedUint32(capacity),
    touchedFlag: sharedUint8(n),
    touchedCount: 0,
    /** [profile × 3]: socialReward, employmentReward, survivalReward of each profile (constant). */
    bias,
    /** [capacity × REWARD_COMPONENT_COUNT] the caller asked to be filled every tick (setRewardBreakdown). */
    breakdown: null as Float32Array | null,
  };
}
export type RewardState = ReturnType<typeof createRewardState>;

/** Registers the reward bookkeeping that carries over ticks (the tick inputs are derived). */
export function registerRewardState(registry: StateRegistry, r: RewardState): void {
  registry.addField('rewards.episode_total', r, 'episodeTotal');
  registry.addField('rewards.episode_life', r, 'episodeLife');
  registry.addField('rewards.block_until', r, 'blockUntil');
  registry.addField('rewards.clip_events', r, 'clipEvents');
}

/**
 * Starts a new episode for every slot (the env reset): episode totals go back to 0, so the per-episode clip
 * budget is whole again. Death windows stay: they belong to the world, not to the episode.
 */
export function resetRewardEpisodes(t: TensorState): void {
  t.rewards.episodeTotal.fill(0);
}

/** reward_clip_events: agent-ticks at which a per-tick or per-episode clip changed the reward, since the start. */
export function rewardClipEvents(t: TensorState): number {
  const r = t.rewards;
  let sum = 0;
  for (let i = 0; i < r.clipEvents.length; i++) sum += r.clipEvents[i]!;
  return sum;
}

/**
 * Asks for the per-component breakdown: from the next reward pass on, `out` ([capacity × REWARD_COMPONENT_COUNT],
 * row = slot − 1, columns in REWARD_COMPONENTS order) is filled every tick; `null` stops it. Pass an array on a
 * SharedArrayBuffer when the row pass runs in workers.
 */
export function setRewardBreakdown(t: TensorState, out: Float32Array | null): void {
  const r = t.rewards;
  if (out && out.length !== r.capacity * REWARD_COMPONENT_COUNT) {
    throw new RangeError(
      `reward breakdown: expected a Float32Array of ${r.capacity} × ${REWARD_COMPONENT_COUNT}, got length ${out.length}`,
    );
  }
  r.breakdown = out;
}
