import { roundTo } from '../core/round-to.js';
import type { Shard } from '../core/shard.js';
import { type CharterCheck, checkCharter } from '../kpis/charter.js';
import type { RunKpis } from '../kpis/kpis.js';
import { type EmbeddingReport, embeddingReport } from '../tensors/embedding-allocator.js';
import { rewardClipEvents } from '../tensors/reward-state.js';
import type { TensorState } from '../tensors/tensor-state.js';

/** The run summary: printed for people, written as JSON with --summary-json. Keys are documented in docs/CLI.md. */
export interface RunSummary {
  config_id: string;
  seed: number;
  ticks: number;
  agents: number;
  startup_seconds: number;
  wall_seconds: number;
  ticks_per_sec: number;
  agent_steps_per_sec: number;
  world_hash: string;
  exits: Record<string, number>;
  counts: {
    affordances_completed: number;
    affordances_by_id: Record<string, number>;
    invalid_actions: number;
    respawns: number;
    events: number;
    agent_steps: number;
    live_agents_end: number;
    events_by_kind: Record<string, number>;
  };
  /** The KPIs of docs/KPIS.md (ratios rounded to 4 places). */
  kpis: RunKpis;
  /** The charter KPIs against their targets. */
  charter: CharterCheck;
  world: {
    grid: [number, number];
    objects: number;
    capacity: number;
    state_bytes: number;
    mean_needs_end: Needs;
    /** Prices at the end of the run (spikes applied). */
    prices_end: Record<string, number>;
  };
  hashes?: { tick: number; hash: string }[];
  /** With --tensors: hash of the last tick's observation, reward and mask buffers. */
  tensor_hash?: string;
  /** With --tensors: the layout, the last tick's mean reward, clip counts and the embedding allocator. */
  tensors?: {
    variant: string;
    obs_dim: number;
    n_actions: number;
    mean_reward_last_tick: number;
    reward_clip_events: number;
    embeddings: EmbeddingReport;
  };
  profile?: { system: string; total_ms: number; mean_us: number; share: number }[];
  /** With a telemetry stream: its counts (docs/TELEMETRY.md). */
  telemetry?: Record<string, number | boolean>;
}

interface Needs {
  hunger: number;
  hygiene: number;
  energy: number;
}

/** Measured times of a run. */
export interface RunTimes {
  startupSeconds: number;
  loopSeconds: number;
}

/** Builds the summary of a finished run. */
export function summarize(shard: Shard, ticks: number, times: RunTimes): RunSummary {
  const c = shard.counters();
  const s = shard.state;
  const loop = Math.max(times.loopSeconds, 1e-9);
  return {
    config_id: shard.config.config_id,
    seed: shard.config.seed,
    ticks,
    agents: s.config.population.count + s.config.scenario.agents.length,
    startup_seconds: roundTo(times.startupSeconds, 4),
    wall_seconds: roundTo(times.loopSeconds, 4),
    ticks_per_sec: roundTo(ticks / loop, 1),
    agent_steps_per_sec: Math.round(c.agent_steps / loop),
    world_hash: shard.hash(),
    exits: c.exits,
    counts: {
      affordances_completed: c.affordances_completed,
      affordances_by_id: c.affordances_by_id,
      invalid_actions: c.invalid_actions,
      respawns: c.respawns,
      events: c.events,
      agent_steps: c.agent_steps,
      live_agents_end: c.live_agents,
      events_by_kind: c.events_by_kind,
    },
    kpis: roundKpis(shard.kpis()),
    charter: checkCharter(shard.kpis()),
    world: {
      grid: [s.grid.width, s.grid.height],
      objects: s.layout.objectCount,
      capacity: s.layout.capacity,
      state_bytes: s.registry.byteLength(),
      mean_needs_end: meanNeeds(shard),
      prices_end: Object.fromEntries(Object.entries(shard.prices()).map(([k, v]) => [k, roundTo(v, 4)])),
    },
  };
}

/** The --tensors part of the summary. */
export function tensorSummary(shard: Shard, t: TensorState): NonNullable<RunSummary['tensors']> {
  const { alive } = shard.state.life;
  let sum = 0;
  let n = 0;
  for (let eid = 1; eid <= t.buffers.capacity; eid++) {
    if (alive[eid] !== 1) continue;
    sum += t.buffers.rewards[eid - 1]!;
    n++;
  }
  return {
    variant: t.spec.variant,
    obs_dim: t.spec.obsDim,
    n_actions: t.buffers.nActions,
    mean_reward_last_tick: roundTo(n > 0 ? sum / n : 0, 6),
    reward_clip_events: rewardClipEvents(t),
    embeddings: embeddingReport(t.embeddings, shard.config.embedding_allocator.reuse_warning_threshold),
  };
}

function roundKpis(k: RunKpis): RunKpis {
  const r = (v: number | null) => (v === null ? null : roundTo(v, 4));
  return {
    ...k,
    self_sufficiency: r(k.self_sufficiency),
    tenure_days_mean: r(k.tenure_days_mean),
    relationship_coverage: r(k.relationship_coverage),
    income_spend_ratio: r(k.income_spend_ratio),
    lateness_rate: r(k.lateness_rate),
    absence_rate: r(k.absence_rate),
    wages_earned: roundTo(k.wages_earned, 2),
    spent: roundTo(k.spent, 2),
    penalties: roundTo(k.penalties, 2),
  };
}

/** `self-sufficiency 0.9812 (≥ 0.7 met)` for each charter KPI. */
function charterLine(c: CharterCheck): string {
  const label: Record<keyof CharterCheck, string> = {
    self_sufficiency: 'self-sufficiency',
    tenure_days_mean: 'tenure (days)',
    relationship_coverage: 'relationship coverage',
    income_spend_ratio: 'income/spend',
  };
  return (Object.keys(c) as (keyof CharterCheck)[])
    .map((name) => {
      const { value, target, met } = c[name];
      return `${label[name]} ${value === null ? 'n/a' : value.toFixed(2)} (≥ ${target} ${met ? 'met' : 'NOT MET'})`;
    })
    .join(', ');
}

function percent(v: number | null): string {
  return v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`;
}

function meanNeeds(shard: Shard): Needs {
  const { hunger, hygiene, energy } = shard.state.needs;
  const ids = shard.state.live.ids(shard.state.life.alive);
  let h = 0;
  let y = 0;
  let e = 0;
  for (const eid of ids) {
    h += hunger[eid]!;
    y += hygiene[eid]!;
    e += energy[eid]!;
  }
  const n = Math.max(1, ids.length);
  return { hunger: roundTo(h / n, 4), hygiene: roundTo(y / n, 4), energy: roundTo(e / n, 4) };
}

/** ` (eat_meal 120, use_shower 80)`: the non-zero completions per affordance. */
function byId(counts: Record<string, number>, fmt: (n: number) => string): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([id, n]) => `${id} ${fmt(n)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The summary as lines for a terminal. */
export function formatSummary(r: RunSummary): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const k = r.counts.events_by_kind;
  const lines = [
    `townlet run: ${r.config_id} (seed ${r.seed})`,
    `  world        ${r.world.grid[0]}×${r.world.grid[1]} tiles, ${fmt(r.world.objects)} objects, ${fmt(r.agents)} agents (capacity ${fmt(r.world.capacity)})`,
    `  ticks        ${fmt(r.ticks)} in ${r.wall_seconds.toFixed(3)} s (start-up ${r.startup_seconds.toFixed(3)} s)`,
    `  speed        ${fmt(r.ticks_per_sec)} ticks/s, ${fmt(r.agent_steps_per_sec)} agent-steps/s`,
    `  agents       ${fmt(r.counts.live_agents_end)} alive at the end; ${fmt(r.counts.respawns)} respawns`,
    `  exits        ${Object.entries(r.exits)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}`,
    `  affordances  ${fmt(r.counts.affordances_completed)} completed${byId(r.counts.affordances_by_id, fmt)}`,
    `  queues       ${fmt(k['queue_handover'] ?? 0)} handovers, ${fmt(k['queue_conflict'] ?? 0)} ghost steps, ${fmt(k['queue_cooldown'] ?? 0)} cooldown refusals`,
    `  actions      ${fmt(r.counts.invalid_actions)} invalid`,
    `  charter      ${charterLine(r.charter)}`,
    `  work         ${fmt(r.kpis.shifts)} shifts, ${percent(r.kpis.lateness_rate)} late, ${percent(r.kpis.absence_rate)} absent; wages ${fmt(r.kpis.wages_earned)}, spent ${fmt(r.kpis.spent)}, penalties ${fmt(r.kpis.penalties)}`,
    `  hardship     ${fmt(r.kpis.starvation_incidents)} starvation incidents over ${fmt(r.kpis.agent_days)} agent-days`,
    `  social       ${fmt(k['chat'] ?? 0)} chats (${fmt(k['chat_failure'] ?? 0)} failed), ${fmt(k['shared_meal'] ?? 0)} shared meals, ${fmt(k['rival_avoided'] ?? 0)} rival avoidances`,
    `  economy      ${fmt(k['stock_restocked'] ?? 0)} restocks; prices at the end ${Object.entries(r.world.prices_end)
      .map(([key, v]) => `${key} ${v}`)
      .join(', ')}`,
    `  disruptions  ${fmt(k['perturbation_started'] ?? 0)} perturbations started, ${fmt(k['perturbation_cancelled'] ?? 0)} cancelled; ${fmt(k['meet_assigned'] ?? 0)} agents sent to meetings`,
    `  needs (mean) hunger ${r.world.mean_needs_end.hunger}, hygiene ${r.world.mean_needs_end.hygiene}, energy ${r.world.mean_needs_end.energy}`,
    `  events       ${fmt(r.counts.events)}`,
    `  world hash   ${r.world_hash}`,
    ...(r.tensors
      ? [
          `  tensors      ${r.tensors.variant} obs_dim ${r.tensors.obs_dim}, ${r.tensors.n_actions} actions; ` +
          `mean reward ${r.tensors.mean_reward_last_tick.toFixed(4)} (last tick), ` +
          `${fmt(r.tensors.reward_clip_events)} clip events; embedding slots ${fmt(r.tensors.embeddings.in_use)}` +
          ` of ${fmt(r.tensors.embeddings.max_slots)}, forced reuse ` +
          `${(r.tensors.embeddings.forced_reuse_rate * 100).toFixed(1)}%`,
        ]
      : []),
    ...(r.tensor_hash ? [`  tensor hash  ${r.tensor_hash}`] : []),
  ];
  if (r.profile) {
    lines.push('  profile (per system, slowest first)');
    for (const p of r.profile) {
      lines.push(
        `    ${p.system.padEnd(20)} ${p.total_ms.toFixed(1).padStart(9)} ms  ${p.mean_us.toFixed(1).padStart(8)} µs/tick  ${(p.share * 100).toFixed(1).padStart(5)}%`,
      );
    }
  }
  return lines.join('\n');
}
