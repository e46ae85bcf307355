import { EventKind, EXIT_REASONS } from '../core/event-kinds.js';
import type { Shard } from '../core/shard.js';
import { TOTAL_AGENT_STEPS, TOTAL_EXITS_BASE, TOTAL_INVALID_ACTIONS } from '../core/totals.js';
import { pendingExits } from '../employment/exit-api.js';
import { embeddingReport } from '../tensors/embedding-allocator.js';
import type { Frame } from './frame.js';

type Column = ArrayLike<number>;

/**
 * A section built from some columns, built again only when one of them changed (compared with ===, so a NaN always
 * counts as a change): prices, wages and perturbations change a few times a day, and building their objects every
 * tick was a tenth of the tick thread's telemetry cost. The same object is handed on while nothing changed; no one
 * writes into a section object once it is built.
 */
class Kept<T> {
  #seen: number[][] = [];
  #value: T | undefined;
  #owner: unknown;

  constructor(readonly build: () => T) {}

  /** The section for the columns as they are now (`owner`: what else it depends on, compared by identity). */
  get(columns: Column[], owner: unknown): T {
    if (this.#value === undefined || owner !== this.#owner || !this.#same(columns)) {
      this.#value = this.build();
      this.#owner = owner;
      this.#seen = columns.map((c) => Array.from(c));
    }
    return this.#value;
  }

  #same(columns: Column[]): boolean {
    for (let c = 0; c < columns.length; c++) {
      const now = columns[c]!;
      const seen = this.#seen[c]!;
      if (seen.length !== now.length) return false;
      for (let i = 0; i < now.length; i++) if (seen[i] !== now[i]) return false;
    }
    return true;
  }
}

/** The small world sections of a frame (KPIs walk every agent: they come with the agent section only). */
export class WorldSections {
  #shard: Shard | undefined;
  readonly #prices = new Kept(() => this.#shard!.prices());
  readonly #wages = new Kept(() => this.#shard!.wages());
  readonly #perturbations = new Kept(() => {
    const out: Record<string, unknown> = {};
    for (const p of this.#shard!.perturbations()) {
      const { spec, kind, state } = p;
      out[String(p.id)] = { spec, kind, state, starts_at: p.startsAt, ends_at: p.endsAt };
    }
    return out;
  });

  take(shard: Shard, withKpis: boolean): Frame['world'] {
    this.#shard = shard;
    const s = shard.state;
    const t = s.totals.values;
    const ev = s.events.totals;
    const counters: Record<string, unknown> = {
      live_agents: shard.liveAgents,
      agent_steps: t[TOTAL_AGENT_STEPS]!,
      invalid_actions: t[TOTAL_INVALID_ACTIONS]!,
      respawns: ev[EventKind.agent_respawn]!,
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
    const p = s.perturbations;
    const world: Frame['world'] = {
      prices: this.#prices.get([s.economy.prices], shard),
      wages: this.#wages.get([s.economy.wages], s.jobIds),
      perturbations: this.#perturbations.get([p.status, p.id, p.spec, p.kind, p.startsAt, p.endsAt], p.specs),
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
}
