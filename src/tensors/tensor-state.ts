import type { ShardState } from '../core/shard-state.js';
import { USE_BASE } from '../actions/action-space.js';
import { createEmbeddingAllocator, type EmbeddingAllocator, registerEmbeddingAllocator } from './embedding-allocator.js';
import { createMaskState, type MaskState } from './mask-state.js';
import { buildObservationSpec, type ObservationSpec } from './observation-spec.js';
import { createRewardState, registerRewardState, type RewardState } from './reward-state.js';
import { createTensorBuffers, type TensorBuffers } from './tensor-buffers.js';

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
  readonly masks: MaskState;
  readonly embeddings: EmbeddingAllocator;
}

/** Creates the tensor state of a built shard and registers its bookkeeping (after the world's state). */
export function createTensorState(s: ShardState): TensorState {
  const spec = buildObservationSpec(s.config, s.objectTypes);
  const capacity = s.layout.capacity;
  const maxSlots = s.config.embedding_allocator.max_slots ?? Math.ceil(capacity * 1.25);
  const t: TensorState = {
    spec,
    buffers: createTensorBuffers(capacity, spec.obsDim, USE_BASE + s.manifest.table.count),
    rewards: createRewardState(capacity),
    masks: createMaskState(capacity),
    embeddings: createEmbeddingAllocator(capacity, maxSlots),
  };
  registerRewardState(s.registry, t.rewards);
  registerEmbeddingAllocator(s.registry, t.embeddings);
  return t;
}
