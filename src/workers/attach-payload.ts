import type { AffordanceManifest } from '../affordances/manifest.js';
import type { TownConfig } from '../config/schema.js';
import type { ShardState } from '../core/shard-state.js';
import type { StateArray } from '../core/state-registry.js';
import type { DerivedArrays } from '../tensors/derived-arrays.js';
import type { TensorState } from '../tensors/tensor-state.js';
import { runningBuildId } from './build-id.js';

/**
 * Everything a worker thread needs to write rows for a shard, sent with its tasks until it confirms it has it:
 * - the config, the manifest in force and the build id of the main thread's code;
 * - every registered array (the registry: what the world hash covers, the clock included), by name;
 * - the tensor state (buffers and bookkeeping, all shared);
 * - the declared derived arrays (src/tensors/derived-arrays.ts);
 * - the digest of what the worker rebuilds itself (static-digest.ts);
 * - the row claims the threads share each tick (row-claims.ts).
 * `stateId` changes when the pool serves a new shard (an env reset); `generation` when anything here changes.
 */
export interface AttachPayload {
  readonly generation: number;
  readonly stateId: number;
  readonly buildId: string;
  readonly config: TownConfig;
  readonly manifest: AffordanceManifest;
  readonly arrays: readonly (readonly [string, StateArray])[];
  readonly tensors: TensorState;
  readonly derived: DerivedArrays;
  readonly staticDigest: string;
  /** The pool's row claims (row-claims.ts), shared. */
  readonly claims: Int32Array;
}

/** The payload for the state `s` as it stands. */
export function attachPayload(
  s: ShardState,
  stateId: number,
  generation: number,
  derived: DerivedArrays,
  digest: string,
  claims: Int32Array,
): AttachPayload {
  const t = s.tensors!;
  // The reward breakdown is main-thread-only (rewards are written there) and may be unshared: leave it behind.
  const { breakdown: _mainOnly, ...rewards } = t.rewards;
  return {
    generation,
    stateId,
    buildId: runningBuildId(),
    config: s.config,
    manifest: s.manifest.current,
    arrays: s.registry.arrays(),
    tensors: { ...t, rewards: { ...rewards, breakdown: null } } as TensorState,
    derived,
    staticDigest: digest,
    claims,
  };
}
