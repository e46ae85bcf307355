import type { ShardState } from '../core/shard-state.js';
import { ExitReasonCode } from '../core/event-kinds.js';
import { SHIFT_OPEN, ShiftState } from '../employment/shift-states.js';
import { REWARD_COMPONENT_COUNT, RewardColumn as C } from './reward-components.js';
import { BIAS_EMPLOYMENT, BIAS_SOCIAL, BIAS_SURVIVAL } from './reward-state.js';
import type { TensorState } from './tensor-state.js';

/**
 * The row half of the reward pass (docs/TENSORS.md "Rewards"): this tick's reward of agent slots [from, to)
 * into t.buffers.rewards (row = slot − 1), after gatherRewardEvents has turned the tick's events into per-slot
 * numbers. Reads typed arrays and numbers only and writes only its own rows (rewards, episode bookkeeping, the
 * breakdown when asked), so disjoint ranges may run in parallel. No allocation.
 *
 * A slot gets a reward when a life occupies it or its life ended this tick (the terminal reward); other empty
 * slots get 0. Per slot: survival + needs penalty + wage + punctuality + social + terminal penalty (each scaled
 * by the profile's bias), then the death-window guardrail, the per-tick clip (the terminal penalty after it with
 * rewards.clip.terminal_outside_clip) and the per-episode clip.
 */
export function writeRewards(s: ShardState, t: TensorState, tick: number, from: number, to: number): void {
  const cfg = s.config.rewards;
  const r = t.rewards;
  const out = t.buffers.rewards;
  const breakdown = r.breakdown;
  const { alive } = s.life;
  const lives = s.life.life;
  const { hunger, hygiene, energy } = s.needs;
  const e = s.employment;
  const wages = s.economy.wages;
  const profile = s.personality.profile;
  const bias = r.bias;
  const useBias = cfg.personality_bias;
  const wh = cfg.needs_weights.hunger;
  const wy = cfg.needs_weights.hygiene;
  const we = cfg.needs_weights.energy;
  const payWage = cfg.wage_rate > 0;
  const punctual = cfg.punctuality_bonus;
  const window = cfg.clip.no_positive_within_death_ticks;
  const outside = cfg.clip.terminal_outside_clip;
  // Config numbers read through a Float64Array: a config field may be tagged, and V8 boxes every double that a
  // ternary merges with a tagged value (three heap numbers per agent here, 470 KB a tick at 10,000 agents).
  const k = new Float64Array([
    cfg.survival_tick,
    cfg.faint_penalty,
    cfg.eviction_penalty,
    cfg.clip.clip_per_tick,
    cfg.clip.clip_per_episode,
  ]);
  const survivalTick = k[0]!;
  const faintPenalty = k[1]!;
  const evictionPenalty = k[2]!;
  const perTick = k[3]!;
  const perEpisode = k[4]!;
  for (let eid = from; eid < to; eid++) {
    const row = eid - 1;
    const exit = r.tickExit[eid]!;
    if (alive[eid] !== 1 && exit === 0) {
      out[row] = 0;
      if (breakdown) breakdown.fill(0, row * REWARD_COMPONENT_COUNT, (row + 1) * REWARD_COMPONENT_COUNT);
      continue;
    }
    if (r.episodeLife[eid] !== lives[eid]) {
      r.episodeLife[eid] = lives[eid]!;
      r.episodeTotal[eid] = 0;
    }
    const p = useBias ? profile[eid]! * 3 : -1;
    const survival = biased(survivalTick, p < 0 ? 1 : bias[p + BIAS_SURVIVAL]!);
    const dh = deficit(hunger[eid]!);
    const dy = deficit(hygiene[eid]!);
    const de = deficit(energy[eid]!);
    const needs = -(wh * dh * dh + wy * dy * dy + we * de * de);
    let wage = 0;
    let punctuality = 0;
    const j = e.job[eid]!;
    if (j >= 0 && (e.shiftFlags[eid]! & SHIFT_OPEN) !== 0) {
      const state = e.shiftState[eid]!;
      // Employment (phase 9) paid the wage when the agent was at work this tick and withheld it when it was away
      // late or absent (src/employment/shift.ts): at work is exactly "lastPresent = this tick".
      if (payWage && e.lastPresent[eid] === tick) wage = wages[j]!;
      else if (payWage && (state === ShiftState.late || state === ShiftState.absent)) wage = -wages[j]!;
      if (punctual > 0) punctuality = (punctual * e.onTimeTicks[eid]!) / (tick - e.shiftStart[eid]! + 1);
      const fe = p < 0 ? 1 : bias[p + BIAS_EMPLOYMENT]!;
      wage = biased(wage, fe);
      punctuality = biased(punctuality, fe);
    }
    const fs = p < 0 ? 1 : bias[p + BIAS_SOCIAL]!;
    const bonus = biased(r.tickBonus[eid]!, fs);
    const penalty = biased(r.tickPenalty[eid]!, fs);
    const avoidance = biased(r.tickAvoidance[eid]!, fs);
    const terminal =
      exit === ExitReasonCode.faint ? faintPenalty : exit === ExitReasonCode.eviction ? evictionPenalty : 0;
    const living = survival + needs + wage + punctuality + bonus + penalty + avoidance;
    const raw = living + terminal;
    // With terminal_outside_clip the penalty is added after the per-tick clip: a faint costs what the config says.
    const clipped = outside ? living : raw;
    // Death window: nothing positive in an exit tick nor in the slot's next `window` ticks, so a trainer that
    // reads the row as one agent cannot learn that dying resets needs to a fresh spawn's.
    if (exit !== 0) r.blockUntil[eid] = tick + window;
    const guarded = clipped > 0 && tick <= r.blockUntil[eid]! ? 0 : clipped;
    const inClip = guarded > perTick ? perTick : guarded < -perTick ? -perTick : guarded;
    const tickClipped = outside ? inClip + terminal : inClip;
    const before = r.episodeTotal[eid]!;
    const sum = before + tickClipped;
    const capped = sum > perEpisode ? perEpisode - before : sum < -perEpisode ? -perEpisode - before : tickClipped;
    const total = Math.fround(capped);
    r.episodeTotal[eid] = before + total;
    if (inClip !== guarded || sum > perEpisode || sum < -perEpisode) r.clipEvents[eid]! += 1;
    out[row] = total;
    if (breakdown) {
      const b = row * REWARD_COMPONENT_COUNT;
      breakdown[b + C.survival] = survival;
      breakdown[b + C.needs_penalty] = needs;
      breakdown[b + C.wage] = wage;
      breakdown[b + C.punctuality] = punctuality;
      breakdown[b + C.social_bonus] = bonus;
      breakdown[b + C.social_penalty] = penalty;
      breakdown[b + C.social_avoidance] = avoidance;
      breakdown[b + C.terminal_penalty] = terminal;
      breakdown[b + C.clip_adjustment] = total - raw;
      breakdown[b + C.total] = total;
    }
  }
}

/** 1 − need, never below 0. */
function deficit(need: number): number {
  return need < 1 ? 1 - need : 0;
}

/** The personality bias: a gain × factor, a loss ÷ factor (reference §6). */
function biased(value: number, factor: number): number {
  return value > 0 ? value * factor : value < 0 ? value / factor : value;
}
