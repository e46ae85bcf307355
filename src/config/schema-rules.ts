import { z } from 'zod';
import { PRICE_TARGET_NAMES, priceMask } from '../economy/prices.js';
import { flag, int, intRange, needTriple, num, numRange, section, tile, unit } from './schema-helpers.js';

/** `rewards`: reward weights and the world's need decay rates. */
export const rewardsSchema = section(
  {
    needs_weights: section(
      {
        hunger: num(0, 2, 1, 'weight of the hunger deficit penalty'),
        hygiene: num(0, 1, 0.6, 'weight of the hygiene deficit penalty'),
        energy: num(0, 1.5, 0.8, 'weight of the energy deficit penalty'),
      },
      'needs penalty weights: the penalty per tick is Σ weight × (1 − need)²',
    ),
    decay_rates: section(
      {
        hunger: unit(0.01, 'hunger lost per tick'),
        hygiene: unit(0.005, 'hygiene lost per tick'),
        energy: unit(0.008, 'energy lost per tick'),
      },
      'need decay per tick (applied after affordances advance)',
    ),
    punctuality_bonus: num(
      0,
      0.1,
      0.05,
      'reward per tick of an open shift × on-time ticks ÷ ticks since the shift began',
    ),
    wage_rate: num(0, 0.05, 0.01, 'gate: when > 0, the wage paid this tick (minus a wage withheld) is a reward'),
    survival_tick: num(0, 0.01, 0.002, 'reward per tick alive'),
    faint_penalty: num(-5, 0, -1, 'terminal penalty for fainting'),
    eviction_penalty: num(-5, 0, -2, 'terminal penalty for eviction'),
    personality_bias: flag(
      true,
      'profiles scale reward components (socialReward, employmentReward, survivalReward): gains × factor, losses ÷ factor',
    ),
    social: section(
      {
        C1_chat_base: num(0, 0.05, 0.01, 'base reward of a successful chat (features.stages.social_rewards ≥ C1)'),
        C1_coeff_trust: unit(0.3, 'chat reward per unit of trust'),
        C1_coeff_fam: unit(0.2, 'chat reward per unit of familiarity'),
        C1_need_floor: unit(0.15, 'no chat reward for an agent with any need below this'),
        C2_avoid_conflict: num(0, 0.02, 0.005, 'reward for avoiding a rival (features.stages.social_rewards ≥ C2)'),
      },
      'social reward coefficients',
    ),
    clip: section(
      {
        clip_per_tick: num(0.01, 1, 0.2, 'reward clipped to ±this per tick'),
        clip_per_episode: num(1, 200, 50, 'cumulative episode reward clipped to ±this'),
        terminal_outside_clip: flag(
          false,
          'add the terminal penalty after the per-tick clip, so an exit costs its full penalty (the episode clip still bounds the sum)',
        ),
        no_positive_within_death_ticks: int(
          0,
          200,
          10,
          'no positive reward in an exit tick and this many ticks after it in the same slot (a replacement included)',
        ),
      },
      'reward guardrails',
    ),
  },
  'rewards and need decay',
);

/** `economy`: prices, wages and restocking. */
export const economySchema = section(
  {
    meal_cost: num(0, 1000, 0.4, 'price of a meal from a fridge'),
    cook_energy_cost: num(0, 1, 0.05, 'energy spent cooking'),
    cook_hygiene_cost: num(0, 1, 0.02, 'hygiene spent cooking'),
    ingredients_cost: num(0, 1000, 0.15, 'price of raw ingredients for one cooked meal'),
    shower_cost: num(0, 1000, 0.2, 'price of a shower'),
    wage_income: num(0, 1000, 0.02, 'fallback wage per tick on shift when a job has wage_rate 0'),
    stove_stock_replenish: int(0, 1_000_000, 2, 'ingredients added to every stove per restock'),
    fridge_restock: int(0, 1_000_000, 4, 'meals added to every fridge per restock (up to fridge_capacity)'),
    fridge_capacity: int(0, 1_000_000, 40, 'a restock fills a fridge up to this many meals, never beyond'),
    restock_period_ticks: int(1, 1_000_000, 200, 'ticks between restocks (on ticks divisible by it)'),
  },
  'prices, wages, restocking',
);

const job = z
  .strictObject({
    start_tick: int(0, 1_000_000, 0, 'shift start, tick of day (below ticks_per_day)'),
    end_tick: int(0, 1_000_000, 0, 'shift end, tick of day, inclusive (at most ticks_per_day − 1 takes effect)'),
    wage_rate: num(0, 1000, 0, 'starting wage per tick at work on shift (0 = economy.wage_income)'),
    lateness_penalty: num(0, 1000, 0, 'wallet penalty on the first late tick of a shift'),
    location: tile
      .optional()
      .describe('work tile (if blocked: its walkable neighbours); absent = beside each workplace object of this job'),
  })
  .refine((j) => j.end_tick >= j.start_tick, {
    message: 'expected end_tick ≥ start_tick',
    path: ['end_tick'],
  })
  .describe('a job');

/** `jobs`: job id → shift window, wage, lateness penalty and location. */
export const jobsSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'expected a job id like "grocer"'), job)
  .default({
    grocer: { start_tick: 180, end_tick: 360, wage_rate: 0.02, lateness_penalty: 0.1 },
    barista: { start_tick: 400, end_tick: 560, wage_rate: 0.025, lateness_penalty: 0.12 },
  })
  .describe('jobs by id');

/** `behavior`: thresholds of the scripted policy. */
export const behaviorSchema = section(
  {
    hunger_threshold: unit(0.4, 'seek food below this hunger'),
    hygiene_threshold: unit(0.4, 'seek a shower below this hygiene'),
    energy_threshold: unit(0.4, 'seek a bed below this energy'),
    job_arrival_buffer: int(0, 1440, 20, 'ticks before a shift to start walking to work'),
    retry_ticks: int(1, 100_000, 20, 'ticks an affordance that failed or was refused is not tried again'),
    critical_fraction: unit(
      0.5,
      'a need below this fraction of its threshold is critical: it comes before work and meetings',
    ),
    max_queue_wait_ticks: int(1, 1_000_000, 120, 'an agent waiting this long in one line leaves it and does something else'),
    pre_shift_window: int(0, 100_000, 240, 'ticks before leaving for work in which needs are topped up'),
    pre_shift_threshold: unit(0.7, 'thresholds are raised to this in the pre-shift window'),
    chat_interval_ticks: int(0, 100_000, 10, 'an idle agent with a neighbour chats once per this many ticks (0 = never)'),
  },
  'scripted policy thresholds',
);

/** `queue_fairness`: queue cooldowns, ghost steps and age priority. */
export const queueFairnessSchema = section(
  {
    cooldown_ticks: int(0, 600, 60, 'ticks an agent waits before re-using an object it just used'),
    ghost_step_after: int(0, 100, 3, 'blocked ticks before the deadlock breaker fires (0 = off)'),
    age_priority_weight: unit(0.1, 'queue priority gained per tick waited'),
  },
  'queue fairness',
);

/** `conflict`: the rivalry ledger and the relationship ledger (docs/SOCIAL.md). */
export const conflictSchema = section(
  {
    rivalry: section(
      {
        increment_per_conflict: unit(0.15, 'rivalry added per conflict (× intensity)'),
        decay_per_tick: unit(0.005, 'rivalry lost per tick'),
        min_value: unit(0, 'rivalry floor'),
        max_value: unit(1, 'rivalry ceiling'),
        avoid_threshold: unit(0.7, 'agents avoid rivals at or above this'),
        eviction_threshold: unit(0.05, 'edges at or below this are dropped'),
        max_edges: int(1, 32, 6, 'rivalry edges kept per agent'),
        ghost_step_boost: num(0, 5, 1.5, 'intensity of a ghost-step conflict'),
        handover_boost: num(0, 5, 0.4, 'intensity of a handover conflict'),
        queue_length_boost: num(0, 2, 0.25, 'extra intensity per waiting agent beyond the first'),
      },
      'rivalry ledger',
    ).check((ctx) => {
      const r = ctx.value;
      if (r.min_value > r.max_value) {
        ctx.issues.push({
          code: 'custom',
          input: r,
          path: ['min_value'],
          message: 'expected min_value ≤ max_value',
        });
      }
      for (const key of ['avoid_threshold', 'eviction_threshold'] as const) {
        if (r[key] < r.min_value || r[key] > r.max_value) {
          ctx.issues.push({
            code: 'custom',
            input: r[key],
            path: [key],
            message: `a value within [min_value ${r.min_value}, max_value ${r.max_value}]`,
          });
        }
      }
    }),
    relationships: section(
      {
        max_edges: int(1, 32, 6, 'relationship ties kept per agent (the lowest trust + familiarity is evicted)'),
        trust_decay: unit(0, 'trust moved toward 0 per tick'),
        familiarity_decay: unit(0, 'familiarity moved toward 0 per tick'),
        rivalry_decay: unit(0.01, 'tie rivalry moved toward 0 per tick'),
        friend_trust: unit(0.3, 'trust at which a tie counts as a friendship (a relationship_changed event)'),
        chat_cooldown_ticks: int(
          0,
          100_000,
          0,
          'ticks after a chat before the speaker may chat again (a chat sooner is an invalid action; 0 = no limit)',
        ),
        shared_meal_window: int(
          0,
          100_000,
          20,
          'ticks within which two agents finishing meals at fridges of one building share the meal (0 = off)',
        ),
      },
      'relationship ledger (trust, familiarity, rivalry per directed pair)',
    ),
  },
  'conflict settings',
);

/** `employment`: shift punctuality and the employment exit loop. */
export const employmentSchema = section(
  {
    grace_ticks: int(0, 120, 5, 'ticks after shift start an arrival is still on time (no penalty while away)'),
    absent_cutoff: int(0, 600, 30, 'ticks after shift start an agent that has not arrived becomes absent'),
    absence_slack: int(0, 600, 20, 'ticks an agent that was at work may be away before it is absent'),
    late_tick_penalty: unit(0.005, 'wallet penalty per tick late and away from work'),
    absence_penalty: num(0, 5, 0.2, 'wallet penalty once per absent shift'),
    max_absent_shifts: int(0, 20, 3, 'absent shifts in the last 7 days that queue an employment exit (0 = never)'),
    attendance_window: int(1, 14, 3, 'last shifts averaged into the attendance ratio'),
    daily_exit_cap: int(0, 50, 2, 'queued employment exits let go per day (0 = no cap)'),
    exit_queue_limit: int(0, 100, 8, 'pending exits above which each new one also writes an overflow event'),
    exit_review_window: int(
      1,
      100_000,
      1440,
      'ticks a pending exit waits before it executes despite the cap; also how long a deferral lasts',
    ),
    enforce_job_loop: flag(false, 'run the employment exit loop (shifts, wages and penalties run regardless)'),
    scripted_commute: flag(
      true,
      'the scripted policy walks agents to work for their shifts and back home along the same way',
    ),
  },
  'employment rules',
);

/** `lifecycle`: faints, exits and respawns. */
export const lifecycleSchema = section(
  {
    mortality: flag(true, 'agents faint when hunger reaches faint_threshold'),
    faint_threshold: unit(0.03, 'hunger at or below which an agent faints and exits'),
    respawn_delay_ticks: intRange(
      0,
      100_000,
      [5, 20],
      'replacement spawns a delay drawn in [min, max] after an exit',
    ),
    exit_cooldown_ticks: int(0, 100_000, 120, 'minimum ticks between two replacements of one slot'),
    max_respawns_per_slot_per_day: int(
      0,
      1000,
      2,
      'replacements per slot per day; later ones wait for the next day',
    ),
    respawn_needs: needTriple(0.8, 0.8, 0.8, 'needs of a replacement agent'),
    respawn_wallet: num(0, 1_000_000, 2, 'wallet of a replacement agent'),
  },
  'exits and respawns',
);

/** `stability`: thresholds watched by the stability monitor and KPIs. */
export const stabilitySchema = section(
  {
    affordance_fail_threshold: int(0, 100, 5, 'affordance failures per tick before an alert'),
    lateness_threshold: int(0, 100, 3, 'late agents per tick before an alert'),
    starvation: section(
      {
        window_ticks: int(1, 1_000_000, 1000, 'window over which incidents are counted'),
        max_incidents: int(0, 1_000_000, 0, 'incidents tolerated in the window'),
        hunger_threshold: unit(0.05, 'hunger at or below this is starving'),
        min_duration_ticks: int(1, 100_000, 30, 'consecutive starving ticks that make an incident'),
      },
      'starvation incidents',
    ),
  },
  'stability thresholds',
);

const perturbationCommon = {
  prob_per_day: unit(0, 'chance per day: each tick it fires with probability prob_per_day ÷ ticks_per_day'),
  cooldown_ticks: int(0, 1_000_000, 0, 'ticks after its planned end before this spec may fire again'),
  duration: intRange(1, 1_000_000, [30, 60], 'duration drawn in [min, max] ticks'),
};

const perturbationEvent = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('price_spike').describe('prices rise'),
      ...perturbationCommon,
      magnitude: numRange(0, 100, [1.2, 1.8], 'price multiplier drawn in [min, max]'),
      targets: z
        .array(
          z.string().refine((t) => typeof priceMask([t]) === 'number', {
            message: `expected a price key or group (${PRICE_TARGET_NAMES.join(', ')})`,
          }),
        )
        .default([])
        .describe(`price keys or groups (${PRICE_TARGET_NAMES.join(', ')}); empty = all prices`),
    }),
    z.strictObject({ kind: z.literal('blackout').describe('power off'), ...perturbationCommon }),
    z.strictObject({ kind: z.literal('outage').describe('water off'), ...perturbationCommon }),
    z.strictObject({
      kind: z.literal('arranged_meet').describe('agents walk to a meeting point'),
      ...perturbationCommon,
      location: z
        .string()
        .default('workplace')
        .describe('meeting point: an object id, else an object type (its object nearest the first participant)'),
      max_participants: int(2, 1000, 2, 'agents drawn for the meeting'),
      gather: z
        .enum(['random', 'nearby'])
        .default('random')
        .describe(
          'random = participants drawn uniformly from the fairness bucket; nearby = one drawn, then the bucket\'s agents nearest to it',
        ),
    }),
  ])
  .describe('a perturbation');

/** `perturbations`: the perturbation scheduler. */
export const perturbationsSchema = section(
  {
    max_concurrent_events: int(0, 100, 2, 'chance events start only while fewer than this are active (manual ones always start)'),
    global_cooldown_ticks: int(0, 1_000_000, 240, 'ticks added to every cooldown'),
    per_agent_cooldown_ticks: int(0, 1_000_000, 360, 'ticks after an event\'s planned end before its participants can be drawn again'),
    window_ticks: int(1, 1_000_000, 1440, 'window for max_events_per_window'),
    max_events_per_window: int(0, 1000, 2, 'events of one spec per window (0 = no limit)'),
    fairness_buckets: int(1, 1024, 8, 'agent slot eid is in bucket (eid − 1) mod this; meetings draw from the least served bucket'),
    events: z
      .record(z.string().min(1).max(64), perturbationEvent)
      .default({})
      .describe('event specs by name'),
  },
  'perturbation scheduler',
);
