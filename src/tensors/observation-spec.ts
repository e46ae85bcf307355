import type { TownConfig } from '../config/schema.js';
import type { ObservationVariant } from '../config/schema-observations.js';
import type { NameTable } from '../core/side-tables.js';

/**
 * The machine-readable layout of one observation row (docs/TENSORS.md): map channels flattened first
 * (channel, row, column; origin = the agent at the centre), then the feature vector. It travels with the tensors.
 */
export interface ObservationSpec {
  readonly variant: ObservationVariant;
  /** Side of the egocentric map window (odd). */
  readonly window: number;
  /** Map channel names in order. */
  readonly channels: readonly string[];
  /** Feature names in order; feature i is at row offset mapSize + i. */
  readonly featureNames: readonly string[];
  /** channels × window × window. */
  readonly mapSize: number;
  /** mapSize + featureNames.length. */
  readonly obsDim: number;
  /** Named feature groups: [start, stop) offsets within the row. */
  readonly slices: Readonly<Record<string, readonly [number, number]>>;
}

/** PLACEHOLDER (observations helper): the spec of the config's variant. */
export function buildObservationSpec(config: TownConfig, _objectTypes: NameTable): ObservationSpec {
  const window = config.observations.hybrid.local_window;
  const channels = ['self', 'agents', 'objects', 'reservations'];
  const mapSize = channels.length * window * window;
  return {
    variant: config.features.systems.observations,
    window,
    channels,
    featureNames: [],
    mapSize,
    obsDim: mapSize,
    slices: { map: [0, mapSize] },
  };
}
