import type { ObservationSpec } from '../tensors/observation-spec.js';

/** Element types of the shared buffers (numpy's names). */
export type BridgeDtype = 'float32' | 'int32' | 'uint8';

const ITEM_BYTES: Record<BridgeDtype, number> = { float32: 4, int32: 4, uint8: 1 };
/** Regions start on cache-line boundaries, so numpy views are aligned and slots never share a line's start. */
const ALIGN = 64;

/** One buffer of the shared file: `slots` consecutive blocks of [capacity × ...rowShape] elements. */
export interface LayoutEntry {
  readonly name: string;
  readonly dtype: BridgeDtype;
  /** Shape of one row (one agent slot): [] for a scalar per slot. */
  readonly row_shape: readonly number[];
  /** Byte offset of the region (slot 0's block). */
  readonly offset: number;
  /** Bytes of one slot's block: capacity × row elements × item size. */
  readonly slot_bytes: number;
}

/** The shared file's layout for `slots` env servers of `capacity` rows each. */
export interface BridgeLayout {
  readonly slots: number;
  readonly capacity: number;
  readonly file_bytes: number;
  readonly buffers: readonly LayoutEntry[];
}

/** A buffer to lay out: its name, element type and row shape. */
export interface BufferShape {
  readonly name: string;
  readonly dtype: BridgeDtype;
  readonly row_shape: readonly number[];
}

/**
 * The buffers of an env, in file order: the client writes `actions`, the server writes the rest after every reset
 * and step. With `observations.map_dtype: uint8` the map channels travel as `obs_map` (uint8 [C, H, W]) and the
 * features as `obs_features` (float32 [F]) in place of `observations` (float32 [obs_dim]).
 */
export function envBuffers(spec: ObservationSpec, nActions: number): BufferShape[] {
  const side = spec.window;
  const observations: BufferShape[] = spec.mapDtype === 'uint8'
    ? [
        { name: 'obs_map', dtype: 'uint8', row_shape: [spec.channels.length, side, side] },
        { name: 'obs_features', dtype: 'float32', row_shape: [spec.obsDim - spec.mapSize] },
      ]
    : [{ name: 'observations', dtype: 'float32', row_shape: [spec.obsDim] }];
  return [
    { name: 'actions', dtype: 'int32', row_shape: [] },
    ...observations,
    { name: 'action_mask', dtype: 'uint8', row_shape: [nActions] },
    { name: 'rewards', dtype: 'float32', row_shape: [] },
    { name: 'terminations', dtype: 'uint8', row_shape: [] },
    { name: 'truncations', dtype: 'uint8', row_shape: [] },
    { name: 'alive', dtype: 'uint8', row_shape: [] },
    { name: 'agent_id', dtype: 'int32', row_shape: [] },
  ];
}

/** Lays `shapes` out one region after another, each region `slots` blocks of `capacity` rows. */
export function bridgeLayout(shapes: readonly BufferShape[], capacity: number, slots: number): BridgeLayout {
  let offset = 0;
  const buffers = shapes.map((s) => {
    const rowElems = s.row_shape.reduce((a, b) => a * b, 1);
    const slotBytes = capacity * rowElems * ITEM_BYTES[s.dtype];
    const entry: LayoutEntry = { ...s, offset, slot_bytes: slotBytes };
    offset = alignUp(offset + slotBytes * slots);
    return entry;
  });
  return { slots, capacity, file_bytes: Math.max(offset, ALIGN), buffers };
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
