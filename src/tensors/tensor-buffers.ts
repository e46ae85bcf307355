import { sharedFloat32, sharedInt32, sharedUint8 } from '../../components/shared-arrays.js';
import type { MapDtype } from '../config/schema-observations.js';

/** The observation shape the buffers are made for (from the spec). */
export interface ObservationShape {
  readonly obsDim: number;
  readonly mapSize: number;
  readonly mapDtype: MapDtype;
}

/**
 * The batched tensors a trainer reads, one row per agent slot (row = entity id − 1), preallocated once on
 * SharedArrayBuffers: a step writes them in place, and workers and trainers read the same memory (no copies).
 * The observations are one float32 tensor (`observations`) or, with uint8 maps, two (`obsMap`, `obsFeatures`).
 */
export function createTensorBuffers(capacity: number, shape: ObservationShape, nActions: number) {
  const { obsDim, mapSize, mapDtype } = shape;
  const split = mapDtype === 'uint8';
  return {
    capacity,
    obsDim,
    mapSize,
    mapDtype,
    nActions,
    /** float32 maps: [capacity × obsDim], map channels flattened first (channel, row, column), then the features. */
    observations: split ? undefined : sharedFloat32(capacity * obsDim),
    /** uint8 maps: [capacity × mapSize] (channel, row, column). */
    obsMap: split ? sharedUint8(capacity * mapSize) : undefined,
    /** uint8 maps: [capacity × (obsDim − mapSize)], the feature vector. */
    obsFeatures: split ? sharedFloat32(capacity * (obsDim - mapSize)) : undefined,
    /** [capacity × nActions]: 1 where the world would accept the action this tick. */
    masks: sharedUint8(capacity * nActions),
    /** [capacity]: this tick's reward (clipped). */
    rewards: sharedFloat32(capacity),
    /** [capacity]: 1 when the agent's life ended this tick (faint, eviction). */
    terminations: sharedUint8(capacity),
    /** [capacity]: 1 when the episode was cut (its end) while the agent lived. */
    truncations: sharedUint8(capacity),
    /** [capacity]: 1 while a life occupies the slot. */
    alive: sharedUint8(capacity),
    /** [capacity]: the numeric id of the slot's current (or last) life; a dead id never comes back. */
    agentId: sharedInt32(capacity),
  };
}
export type TensorBuffers = ReturnType<typeof createTensorBuffers>;

/** The observation arrays of `b` in hash and layout order: [observations] or [obsMap, obsFeatures]. */
export function observationArrays(b: TensorBuffers): (Float32Array | Uint8Array)[] {
  return b.observations ? [b.observations] : [b.obsMap!, b.obsFeatures!];
}
