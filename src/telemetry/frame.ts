import { EventKind, EXIT_REASONS } from '../core/event-kinds.js';
import type { Shard } from '../core/shard.js';
import { TOTAL_AGENT_STEPS, TOTAL_EXITS_BASE, TOTAL_INVALID_ACTIONS } from '../core/totals.js';
import { pendingExits } from '../employment/exit-api.js';
import { embeddingReport } from '../tensors/embedding-allocator.js';
import type { WorldSection } from './payload-schemas.js';

/** The agent columns of one tick, copied (slot-indexed, like the shard's arrays). */
export interface AgentColumns {
  alive: Uint8Array;
  x: Int16Array;
  y: Int16Array;
  hunger: Float32Array;
  hygiene: Float32Array;
  energy: Float32Array;
  wallet: Float64Array;
  job: Int16Array;
  shift: Uint8Array;
  activity: Int16Array;
}

/** The object columns of one tick, copied (object-row-indexed). */
export interface ObjectColumns {
  occupant: Uint32Array;
  holder: Uint32Array;
  queue: Int32Array;
  meals: Int32Array;
  power: Uint8Array;
  water: Uint8Array;
}

/** The events of one tick, copied. */
export interface EventColumns {
  kind: Uint16Array;
  agent: Uint32Array;
  object: Uint32Array;
  other: Int32Array;
  value: Float32Array;
}

/**
 * What the tick thread hands the stream at a tick boundary: typed-array copies and a few small records, nothing
 * serialised. Agent columns only every `agents_every_ticks` (or when a snapshot is due).
 */
export interface Frame {
  tick: number;
  agents: AgentColumns | undefined;
  /** Slots whose agent id changed since the previous frame (a respawn): [slot, id] pairs. */
  idChanges: [number, string][];
  objects: ObjectColumns;
  events: EventColumns;
  world: Partial<Record<WorldSection, Record<string, unknown>>>;
}

/** Remembers what the previous capture saw, so a frame carries only the id changes. */
export class FrameCapture {
  #lives: Uint32Array | undefined;

  /** Copies the shard's observable columns at a tick boundary (the tick thread's whole telemetry cost). */
  capture(shard: Shard, withAgents: boolean): Frame {
    const s = shard.state;
    const cap = s.layout.capacity;
    const lives = s.life.life;
    const idChanges: [number, string][] = [];
    const seen = (this.#lives ??= new Uint32Array(cap + 1).fill(0xffffffff));
    for (let slot = 1; slot <= cap; slot++) {
      if (seen[slot] !== lives[slot]) {
        seen[slot] = lives[slot]!;
        idChanges.push([slot, s.agentIds.get(slot)]);
      }
    }
    const n = s.events.length;
    const e = s.events;
    const frame: Frame = {
      tick: shard.tick,
      agents: withAgents ? copyAgents(shard) : undefined,
      idChanges,
      objects: {
        occupant: s.objects.occupant.slice(),
        holder: s.reservations.holder.slice(),
        queue: s.queues.length.slice(),
        meals: s.objects.meals.slice(),
        power: s.objects.power.slice(),
        water: s.objects.water.slice(),
      },
      events: {
        kind: e.kind.slice(0, n),
        agent: e.agent.slice(0, n),
        object: e.object.slice(0, n),
        other: e.other.slice(0, n),
        value: e.value.slice(0, n),
      },
      world: worldSections(shard, withAgents),
    };
    return frame;
  }
}

function copyAgents(shard: Shard): AgentColumns {
  const s = shard.state;
  return {
    alive: s.life.alive.slice(),
    x: s.positions.x.slice(),
    y: s.positions.y.slice(),
    hunger: s.needs.hunger.slice(),
    hygiene: s.needs.hygiene.slice(),
    energy: s.needs.energy.slice(),
    wallet: s.wallets.balance.slice(),
    job: s.employment.job.slice(),
    shift: s.employment.shiftState.slice(),
    activity: s.activity.affordance.slice(),
  };
}

/** The small world sections (KPIs walk every agent: they come with the agent section only). */
function worldSections(shard: Shard, withKpis: boolean): Frame['world'] {
  const s = shard.state;
  const t = s.totals.values;
  const ev = s.events.totals;
  let queued = 0;
  for (let i = 0; i < s.queues.length.length; i++) queued += s.queues.length[i]!;
  let powerOff = 0;
  let waterOff = 0;
  for (let i = 0; i < s.objects.power.length; i++) {
    if (s.objects.power[i] === 0) powerOff++;
    if (s.objects.water[i] === 0) waterOff++;
  }
  const counters: Record<string, unknown> = {
    live_agents: shard.liveAgents,
    agent_steps: t[TOTAL_AGENT_STEPS]!,
    invalid_actions: t[TOTAL_INVALID_ACTIONS]!,
    respawns: ev[EventKind.agent_respawn]!,
    queue_agents: queued,
    queue_conflicts: ev[EventKind.queue_conflict]!,
    queue_handovers: ev[EventKind.queue_handover]!,
    queue_cooldowns: ev[EventKind.queue_cooldown]!,
  };
  EXIT_REASONS.forEach((r, i) => (counters[`exits_${r}`] = t[TOTAL_EXITS_BASE + i + 1]!));
  if (s.tensors) {
    const em = embeddingReport(s.tensors.embeddings, s.config.embedding_allocator.reuse_warning_threshold);
    counters['embedding_slots_in_use'] = em.in_use;
    counters['embedding_allocations'] = em.allocations_total;
    counters['embedding_forced_reuse'] = em.forced_reuse_count;
  }
  const perturbations: Record<string, unknown> = {};
  for (const p of shard.perturbations()) {
    const { spec, kind, state } = p;
    perturbations[String(p.id)] = { spec, kind, state, starts_at: p.startsAt, ends_at: p.endsAt };
  }
  const world: Frame['world'] = {
    prices: shard.prices(),
    wages: shard.wages(),
    utilities: { objects_without_power: powerOff, objects_without_water: waterOff },
    perturbations,
    counters,
    employment: { pending_exits: pendingExits(s) },
  };
  if (withKpis) {
    const { exits_by_reason: exits, ...kpis } = shard.kpis();
    world.kpis = { ...kpis };
    for (const [reason, n] of Object.entries(exits)) world.kpis[`exits_${reason}`] = n;
  }
  return world;
}
