import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { tieIndex } from '../social/ties.js';
import { socialRewardStage } from './reward-components.js';
import type { RewardState } from './reward-state.js';

/**
 * The main-thread half of the reward pass: turns this tick's events into per-slot numbers the row pass reads
 * (RewardState.tick*), so the row pass reads typed arrays only and can run on row ranges in workers. O(events):
 * it first clears the slots it wrote last tick, then reads the event columns once.
 *
 * - `chat` (agent = speaker, other = partner, value = quality q), stage ≥ C1: speaker and partner each get
 *   (C1_chat_base + C1_coeff_trust × trust + C1_coeff_fam × familiarity) × q, with the subject's tie to the other
 *   as it stands now (after the chat's update), unless one of the subject's needs is below C1_need_floor.
 * - `chat_failure`, stage ≥ C1: speaker −0.5 × C1_chat_base, partner −0.25 × C1_chat_base.
 * - `rival_avoided`, stage ≥ C2: the avoiding agent + C2_avoid_conflict.
 * - `agent_exit`: the slot's exit reason (other).
 */
export function gatherRewardEvents(s: ShardState, r: RewardState): void {
  clearTouched(r);
  const ev = s.events;
  const stage = socialRewardStage(s.config.features.stages.social_rewards);
  const social = s.config.rewards.social;
  for (let e = 0; e < ev.length; e++) {
    const kind = ev.kind[e]!;
    const agent = ev.agent[e]!;
    if (kind === EventKind.agent_exit) {
      touch(r, agent);
      r.tickExit[agent] = ev.other[e]!;
    } else if (kind === EventKind.chat && stage >= 1) {
      const partner = ev.other[e]!;
      const q = clamp01(ev.value[e]!);
      addBonus(s, r, agent, partner, q);
      addBonus(s, r, partner, agent, q);
    } else if (kind === EventKind.chat_failure && stage >= 1) {
      const partner = ev.other[e]!;
      touch(r, agent);
      touch(r, partner);
      r.tickPenalty[agent]! -= 0.5 * social.C1_chat_base;
      r.tickPenalty[partner]! -= 0.25 * social.C1_chat_base;
    } else if (kind === EventKind.rival_avoided && stage >= 2) {
      touch(r, agent);
      r.tickAvoidance[agent]! += social.C2_avoid_conflict;
    }
  }
}

/** Chat reward of `subject` for a chat of quality q with `other` (0 while one of its needs is below the floor). */
function addBonus(s: ShardState, r: RewardState, subject: number, other: number, q: number): void {
  const c = s.config.rewards.social;
  const { hunger, hygiene, energy } = s.needs;
  const floor = c.C1_need_floor;
  if (hunger[subject]! < floor || hygiene[subject]! < floor || energy[subject]! < floor) return;
  const i = tieIndex(s, subject, other);
  const trust = i < 0 ? 0 : s.social.trust[i]!;
  const familiarity = i < 0 ? 0 : s.social.familiarity[i]!;
  touch(r, subject);
  r.tickBonus[subject]! += (c.C1_chat_base + c.C1_coeff_trust * trust + c.C1_coeff_fam * familiarity) * q;
}

function touch(r: RewardState, eid: number): void {
  if (r.touchedFlag[eid] === 1) return;
  r.touchedFlag[eid] = 1;
  r.touched[r.touchedCount++] = eid;
}

/** Zeroes last tick's inputs, slot by slot (no O(capacity) wipe on quiet ticks). */
function clearTouched(r: RewardState): void {
  for (let i = 0; i < r.touchedCount; i++) {
    const eid = r.touched[i]!;
    r.touchedFlag[eid] = 0;
    r.tickBonus[eid] = 0;
    r.tickPenalty[eid] = 0;
    r.tickAvoidance[eid] = 0;
    r.tickExit[eid] = 0;
  }
  r.touchedCount = 0;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
