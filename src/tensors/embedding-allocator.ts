import { sharedFloat64, sharedInt32, sharedUint32 } from '../../components/shared-arrays.js';
import { inputError } from '../core/errors.js';
import type { StateRegistry } from '../core/state-registry.js';

/** allocator.counters: allocations since the start, forced reuses among them. */
const ALLOCATIONS = 0;
const FORCED = 1;
/** allocator.cursor: next never-used slot, ring head, ring length. */
const FRESH = 0;
const HEAD = 1;
const COUNT = 2;

/**
 * Stable embedding slots (reference §5.5), one per agent life: a life keeps its slot until it ends. A new life
 * takes a never-used slot if any is left, else the slot released longest ago (a FIFO ring of released slots);
 * if that one has rested fewer than `cooldownTicks`, the reuse is **forced** and counted. All typed arrays,
 * registered: O(1) per allocation and release, no allocation of objects.
 *
 * With maxSlots ≥ capacity a slot is always available (each live agent holds one); fewer is an InputError.
 */
export function createEmbeddingAllocator(capacity: number, maxSlots: number, cooldownTicks = 0) {
  if (maxSlots < capacity) {
    inputError(
      'embedding_allocator.max_slots',
      `at least the population capacity (${capacity}): every live agent holds a slot`,
      String(maxSlots),
    );
  }
  const n = capacity + 1;
  const slotOf = sharedInt32(n).fill(-1);
  return {
    maxSlots,
    cooldownTicks,
    /** Per agent slot (entity id): its embedding slot (-1 = none) and the life number it was allocated for. */
    slotOf,
    lifeOf: sharedUint32(n),
    /** Per embedding slot: the tick it was last released (-1 = never used or in use). */
    releasedAt: sharedInt32(maxSlots).fill(-1),
    /** Ring of released slots, oldest release at `cursor[HEAD]`. */
    ring: sharedInt32(maxSlots),
    cursor: sharedInt32(3),
    counters: sharedFloat64(2),
  };
}
export type EmbeddingAllocator = ReturnType<typeof createEmbeddingAllocator>;

/** Registers the allocator's arrays (hashed every tick). */
export function registerEmbeddingAllocator(registry: StateRegistry, e: EmbeddingAllocator): void {
  registry.addField('embeddings.slot_of', e, 'slotOf');
  registry.addField('embeddings.life_of', e, 'lifeOf');
  registry.addField('embeddings.released_at', e, 'releasedAt');
  registry.addField('embeddings.ring', e, 'ring');
  registry.addField('embeddings.cursor', e, 'cursor');
  registry.addField('embeddings.counters', e, 'counters');
}

/** Gives agent slot `eid` (life `life`) an embedding slot at `tick`; returns it. The agent must hold none. */
export function allocateEmbedding(e: EmbeddingAllocator, eid: number, life: number, tick: number): number {
  const { cursor, ring, releasedAt, counters } = e;
  let slot: number;
  if (cursor[FRESH]! < e.maxSlots) {
    slot = cursor[FRESH]!;
    cursor[FRESH] = slot + 1;
  } else {
    // maxSlots ≥ capacity and this agent holds none, so the ring is not empty.
    const head = cursor[HEAD]!;
    slot = ring[head]!;
    cursor[HEAD] = head + 1 === e.maxSlots ? 0 : head + 1;
    cursor[COUNT] = cursor[COUNT]! - 1;
    if (tick - releasedAt[slot]! < e.cooldownTicks) counters[FORCED] = counters[FORCED]! + 1;
    releasedAt[slot] = -1;
  }
  counters[ALLOCATIONS] = counters[ALLOCATIONS]! + 1;
  e.slotOf[eid] = slot;
  e.lifeOf[eid] = life;
  return slot;
}

/** Returns agent slot `eid`'s embedding slot (if any) to the ring, stamped with `tick`. */
export function releaseEmbedding(e: EmbeddingAllocator, eid: number, tick: number): void {
  const slot = e.slotOf[eid]!;
  if (slot < 0) return;
  const { cursor } = e;
  const tail = (cursor[HEAD]! + cursor[COUNT]!) % e.maxSlots;
  e.ring[tail] = slot;
  cursor[COUNT] = cursor[COUNT]! + 1;
  e.releasedAt[slot] = tick;
  e.slotOf[eid] = -1;
}

/** What the run summary shows about the allocator (reference §5.5 metrics). */
export interface EmbeddingReport {
  readonly max_slots: number;
  readonly in_use: number;
  readonly allocations_total: number;
  readonly forced_reuse_count: number;
  /** forced_reuse_count ÷ allocations_total (0 before any allocation). */
  readonly forced_reuse_rate: number;
  /** forced_reuse_rate > reuse_warning_threshold. */
  readonly reuse_warning: boolean;
}

/** A read-only summary of the allocator; `threshold` is embedding_allocator.reuse_warning_threshold. */
export function embeddingReport(e: EmbeddingAllocator, threshold: number): EmbeddingReport {
  const total = e.counters[ALLOCATIONS]!;
  const forced = e.counters[FORCED]!;
  const rate = total > 0 ? forced / total : 0;
  return {
    max_slots: e.maxSlots,
    in_use: e.cursor[FRESH]! - e.cursor[COUNT]!,
    allocations_total: total,
    forced_reuse_count: forced,
    forced_reuse_rate: rate,
    reuse_warning: rate > threshold,
  };
}
