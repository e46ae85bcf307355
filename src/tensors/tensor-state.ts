import type { ShardState } from '../core/shard-state.js';
import type { StateRegistry } from '../core/state-registry.js';
import { USE_BASE } from '../actions/action-space.js';
import { createEmbeddingAllocator, type EmbeddingAllocator, registerEmbeddingAllocator } from './embedding-allocator.js';
import { buildObservationSpec, type ObservationSpec } from './observation-spec.js';
import { createObserverState, type ObserverState, registerObserverState } from './observer-state.js';
import { createRewardState, registerRewardState, type RewardState } from './reward-state.js';
import { buffersShared, createTensorBuffers, observationArrays, type TensorBuffers } from './tensor-buffers.js';

/**
 * What a shard keeps when something consumes its tensors (the env API, capture, `townlet run --tensors`): the
 * observation spec, the buffers and the bookkeeping of rewards and embedding slots. A scripted-only shard has
 * none and pays nothing.
 */
export interface TensorState {
  readonly spec: ObservationSpec;
  readonly buffers: TensorBuffers;
  readonly rewards: RewardState;
  /** The chat-neighbour flags of the mask pass (derived every tick). */
  readonly embeddings: EmbeddingAllocator;
  /** Per-agent observation memory (ctx_reset) and the map bytes rows read. */
  readonly observer: ObserverState;
}

/**
 * Creates the tensor state of a built shard and registers its bookkeeping (after the world's state). `reuse`
 * lends buffers from an earlier shard of the same shape (the env keeps one set across resets, so a trainer's
 * views stay valid); they are zeroed. `shared`: buffers on SharedArrayBuffers (for worker threads) or, when false,
 * on ordinary ArrayBuffers (createTensorBuffers). A shape mismatch throws, and so do lent unshared buffers when
 * `shared` is asked.
 */
export function createTensorState(s: ShardState, reuse?: TensorBuffers, shared = true): TensorState {
  const spec = buildObservationSpec(s.config, s.objectTypes);
  const capacity = s.layout.capacity;
  const maxSlots = s.config.embedding_allocator.max_slots ?? Math.ceil(capacity * 1.25);
  const nActions = USE_BASE + s.manifest.table.count;
  const t: TensorState = {
    spec,
    buffers: reuse
      ? zeroed(reuse, capacity, spec, nActions, shared)
      : createTensorBuffers(capacity, spec, nActions, shared),
    rewards: createRewardState(capacity),
    embeddings: createEmbeddingAllocator(capacity, maxSlots, s.config.embedding_allocator.cooldown_ticks),
    observer: createObserverState(s),
  };
  registerTensorState(s.registry, t);
  return t;
}

/** Registers the tensors' mutable bookkeeping (after the world's state; a worker thread registers its twin). */
export function registerTensorState(registry: StateRegistry, t: TensorState): void {
  registerRewardState(registry, t.rewards);
  registerEmbeddingAllocator(registry, t.embeddings);
  registerObserverState(registry, t.observer);
}

function zeroed(
  b: TensorBuffers,
  capacity: number,
  spec: ObservationSpec,
  nActions: number,
  shared: boolean,
): TensorBuffers {
  if (shared && !buffersShared(b)) {
    throw new Error(
      'createShard: options.tensorBuffers are on ordinary ArrayBuffers (lent by a shard without worker threads), ' +
      'but this shard has worker threads, which need SharedArrayBuffers',
    );
  }
  const { obsDim, mapSize, mapDtype } = spec;
  if (b.capacity !== capacity || b.obsDim !== obsDim || b.nActions !== nActions || b.mapSize !== mapSize ||
    b.mapDtype !== mapDtype) {
    throw new Error(
      `tensor buffers of ${b.capacity}×${b.obsDim} (${b.mapDtype} maps, ${b.nActions} actions) cannot serve a ` +
      `shard of ${capacity}×${obsDim} (${mapDtype} maps, ${nActions} actions)`,
    );
  }
  for (const a of [...observationArrays(b), b.masks, b.rewards, b.terminations, b.truncations, b.alive, b.agentId]) {
    a.fill(0);
  }
  return b;
}
