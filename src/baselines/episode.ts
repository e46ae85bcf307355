import { sharedFloat32 } from '../../components/shared-arrays.js';
import type { LoadedConfig } from '../config/load-config.js';
import { createShard, type Shard } from '../core/shard.js';
import { TownEnv } from '../env/town-env.js';
import { CHARTER_TARGETS, type CharterKpi } from '../kpis/charter.js';
import { REWARD_COMPONENT_COUNT, REWARD_COMPONENTS, type RewardComponent } from '../tensors/reward-components.js';
import { setRewardBreakdown } from '../tensors/reward-state.js';
import seedrandom from 'seedrandom';
import { DEGENERATE_POLICIES, type DegeneratePolicyName, degeneratePolicy } from './degenerate-policies.js';
import type { ObservationPolicy } from './observation-policy.js';
import { rulePolicy } from './rule-policy.js';

/** The baseline policies, in table order (docs/TRAINING.md). */
export const BASELINE_POLICIES = [...DEGENERATE_POLICIES, 'scripted', 'rule'] as const;
export type BaselinePolicyName = (typeof BASELINE_POLICIES)[number];

/** One policy's episode: per-slot sums over the episode, averaged over the slots. */
export interface EpisodeResult {
  readonly policy: BaselinePolicyName;
  readonly seed: number;
  /** R: each slot's summed reward over the episode, mean over slots. */
  readonly returnMean: number;
  /** Faints in the episode (all slots). */
  readonly faints: number;
  /** The charter KPIs at the episode's end (null where undefined, e.g. no spending). */
  readonly kpis: Record<CharterKpi, number | null>;
  /** Each reward component summed over the episode, mean over slots (REWARD_COMPONENTS). */
  readonly components: Record<RewardComponent, number>;
  /** Rewards at the per-tick clip bound ÷ live agent-ticks. */
  readonly clippedShare: number;
  readonly agentTicks: number;
}

/**
 * Runs one episode of `ticks` ticks with seed `seed`: `scripted` is the shard's own scripted policy with the
 * tensors on; every other policy acts through TownEnv from the observations and masks it hands out.
 */
export function runEpisode(
  loaded: LoadedConfig,
  policy: BaselinePolicyName,
  seed: number,
  ticks: number,
): EpisodeResult {
  const config = { ...loaded.config, seed, env: { ...loaded.config.env, episode_ticks: ticks } };
  const source = { ...loaded, config };
  if (policy === 'scripted') {
    const shard = createShard(source, { tensors: true });
    return measure(shard, policy, seed, ticks, () => shard.step());
  }
  const env = new TownEnv(source);
  const random = seedrandom.alea(`baselines:${policy}:${seed}`);
  const context = { capacity: env.capacity, nActions: env.nActions, actionNames: env.actionNames, random };
  const actor: ObservationPolicy =
    policy === 'rule'
      ? rulePolicy({ ...context, spec: env.spec, affordanceNeed: affordanceNeeds(env.shard) })
      : degeneratePolicy(policy as DegeneratePolicyName, context);
  const actions = new Int32Array(env.capacity);
  let step = env.reset(seed);
  return measure(env.shard, policy, seed, ticks, () => {
    actor.act(step, actions);
    step = env.step(actions);
  });
}

function measure(shard: Shard, policy: BaselinePolicyName, seed: number, ticks: number, advance: () => void) {
  const t = shard.tensors!;
  const capacity = t.buffers.capacity;
  const breakdown = sharedFloat32(capacity * REWARD_COMPONENT_COUNT);
  setRewardBreakdown(t, breakdown);
  const sums = new Float64Array(REWARD_COMPONENT_COUNT);
  const bound = Math.fround(shard.config.rewards.clip.clip_per_tick);
  const alive = shard.state.life.alive;
  let total = 0;
  let agentTicks = 0;
  let atBound = 0;
  for (let tick = 0; tick < ticks; tick++) {
    advance();
    const rewards = t.buffers.rewards;
    for (let row = 0; row < capacity; row++) total += rewards[row]!;
    for (let i = 0; i < breakdown.length; i++) sums[i % REWARD_COMPONENT_COUNT]! += breakdown[i]!;
    for (let eid = 1; eid <= capacity; eid++) {
      if (alive[eid] !== 1) continue;
      agentTicks++;
      const r = t.buffers.rewards[eid - 1]!;
      if (r === bound || r === -bound) atBound++;
    }
  }
  const kpis = shard.kpis();
  const charter = Object.fromEntries(
    (Object.keys(CHARTER_TARGETS) as CharterKpi[]).map((k) => [k, kpis[k]]),
  ) as Record<CharterKpi, number | null>;
  const components = Object.fromEntries(REWARD_COMPONENTS.map((name, i) => [name, sums[i]! / capacity])) as Record<
    RewardComponent,
    number
  >;
  return {
    policy,
    seed,
    returnMean: total / capacity,
    faints: kpis.exits_by_reason.faint,
    kpis: charter,
    components,
    clippedShare: agentTicks > 0 ? atBound / agentTicks : 0,
    agentTicks,
  };
}

/** Per affordance: the need its effects raise most (0 hunger, 1 hygiene, 2 energy; -1 none): static rules. */
function affordanceNeeds(shard: Shard): Int8Array {
  const table = shard.state.manifest.table;
  const out = new Int8Array(table.count).fill(-1);
  for (let k = 0; k < table.count; k++) {
    let best = 0;
    for (let n = 0; n < 3; n++) {
      const effect = table.effects[k * 4 + n]!;
      if (effect > best) {
        best = effect;
        out[k] = n;
      }
    }
  }
  return out;
}
