import { sharedFloat32, sharedInt32, sharedUint8 } from '../../components/shared-arrays.js';
import type { MapDtype } from '../config/schema-observations.js';

/** The observation shape the buffers are made for (from the spec). */
export interface ObservationShape {
  readonly obsDim: number;
  readonly mapSize: number;
  readonly mapDtype: MapDtype;
}

/**
 * The batched tensors a trainer reads, one row per agent slot (row = entity id − 1), preallocated once: a step
 * writes them in place and trainers read the same memory (no copies). The observations are one float32 tensor
 * (`observations`) or, with uint8 maps, two (`obsMap`, `obsFeatures`).
 *
 * `shared` (the default) puts them on SharedArrayBuffers, which worker threads need to write rows. A shard without
 * workers asks for ordinary ArrayBuffers: V8 copies into those with memmove where a SharedArrayBuffer takes a
 * slower element-wise path (observations 1.1–1.2× faster single-threaded; docs/PERFORMANCE.md).
 */
export function createTensorBuffers(capacity: number, shape: ObservationShape, nActions: number, shared = true) {
  const { obsDim, mapSize, mapDtype } = shape;
  const split = mapDtype === 'uint8';
  const float32 = (n: number) => (shared ? sharedFloat32(n) : new Float32Array(n));
  const uint8 = (n: number) => (shared ? sharedUint8(n) : new Uint8Array(n));
  const int32 = (n: number) => (shared ? sharedInt32(n) : new Int32Array(n));
  return {
    capacity,
    obsDim,
    mapSize,
    mapDtype,
    nActions,
    /** float32 maps: [capacity × obsDim], map channels flattened first (channel, row, column), then the features. */
    observations: split ? undefined : float32(capacity * obsDim),
    /** uint8 maps: [capacity × mapSize] (channel, row, column). */
    obsMap: split ? uint8(capacity * mapSize) : undefined,
    /** uint8 maps: [capacity × (obsDim − mapSize)], the feature vector. */
    obsFeatures: split ? float32(capacity * (obsDim - mapSize)) : undefined,
    /** [capacity × nActions]: 1 where the world would accept the action this tick. */
    masks: uint8(capacity * nActions),
    /** [capacity]: this tick's reward (clipped). */
    rewards: float32(capacity),
    /** [capacity]: 1 when the agent's life ended this tick (faint, eviction). */
    terminations: uint8(capacity),
    /** [capacity]: 1 when the episode was cut (its end) while the agent lived. */
    truncations: uint8(capacity),
    /** [capacity]: 1 while a life occupies the slot. */
    alive: uint8(capacity),
    /** [capacity]: the numeric id of the slot's current (or last) life; a dead id never comes back. */
    agentId: int32(capacity),
  };
}
export type TensorBuffers = ReturnType<typeof createTensorBuffers>;

/** The observation arrays of `b` in hash and layout order: [observations] or [obsMap, obsFeatures]. */
export function observationArrays(b: TensorBuffers): (Float32Array | Uint8Array)[] {
  return b.observations ? [b.observations] : [b.obsMap!, b.obsFeatures!];
}

/** Whether every buffer of `b` is on a SharedArrayBuffer (what worker threads can write). */
export function buffersShared(b: TensorBuffers): boolean {
  return [...observationArrays(b), b.masks, b.rewards, b.terminations, b.truncations, b.alive, b.agentId].every(
    (a) => a.buffer instanceof SharedArrayBuffer,
  );
}
