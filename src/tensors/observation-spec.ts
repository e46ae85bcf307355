import type { TownConfig } from '../config/schema.js';
import type { MapDtype, ObservationVariant } from '../config/schema-observations.js';
import { inputError } from '../core/errors.js';
import type { NameTable } from '../core/side-tables.js';

/**
 * The machine-readable layout of one observation row (docs/TENSORS.md): map channels flattened first
 * (channel, row, column; origin = the agent at the centre), then the feature vector. It travels with the tensors.
 */
export interface ObservationSpec {
  readonly variant: ObservationVariant;
  /**
   * `observations.map_dtype`. float32: one `observations` tensor, rows of obsDim (map, then features). uint8: the
   * map channels in their own `obsMap` tensor (uint8, rows of mapSize) and the features in `obsFeatures` (float32,
   * rows of featureNames.length); `slices` stay row offsets of the float32 layout (features: subtract mapSize).
   */
  readonly mapDtype: MapDtype;
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
  /** Compact only: the object type code of each `object:<type>` channel, in channel order (else empty). */
  readonly objectChannelTypes: readonly number[];
  /** Social snippet slots (friends then rivals) and the width of one slot (embed_dim + 3). */
  readonly socialSlots: number;
  readonly socialSlotDim: number;
}

/** The object types of the landmark features, in order (reference §5.2). */
export const LANDMARK_TYPES = ['fridge', 'stove', 'bed', 'shower'] as const;

/** Map channels every variant starts with. */
const BASE_CHANNELS = ['self', 'agents', 'objects', 'reservations'];

/** The features every variant starts with (reference §5.2 indices 0–28, with the changes in docs/TENSORS.md). */
const CORE_FEATURES = [
  'need_hunger',
  'need_hygiene',
  'need_energy',
  'wallet',
  'lateness_counter',
  'on_shift',
  'time_sin',
  'time_cos',
  'attendance_ratio',
  'wages_withheld',
  'shift_pre',
  'shift_on_time',
  'shift_late',
  'shift_absent',
  'shift_post',
  'embedding_slot_norm',
  'ctx_reset_flag',
  'episode_progress',
  'rivalry_max',
  'rivalry_avoid_count',
  'last_action_id_norm',
  'last_action_success',
  'last_action_duration',
  'reservation_active',
  'in_queue',
  'path_hint_north',
  'path_hint_south',
  'path_hint_east',
  'path_hint_west',
];

/** Work features (every variant): job, shift clock, the nearest work tile, the way to work. */
const WORK = [
  'job_id_norm',
  'at_work',
  'shift_starts_in',
  'shift_ends_in',
  'work_dx',
  'work_dy',
  'work_dist',
  'work_hint_north',
  'work_hint_south',
  'work_hint_east',
  'work_hint_west',
];

const LOCAL_SUMMARY = ['neighbor_agent_ratio', 'neighbor_object_ratio', 'reserved_tile_ratio', 'nearest_agent_distance'];
const PERSONALITY = ['personality_extroversion', 'personality_forgiveness', 'personality_ambition'];
const AGGREGATES = ['social_trust_mean', 'social_trust_max', 'social_rivalry_mean', 'social_rivalry_max'];

/**
 * The spec of the config's variant. `objectTypes` resolves compact's `object_channels`; an unknown type name is
 * an InputError naming the known ones.
 */
export function buildObservationSpec(config: TownConfig, objectTypes: NameTable): ObservationSpec {
  const variant = config.features.systems.observations;
  const obs = config.observations;
  const compact = variant === 'compact';
  const window = compact ? obs.compact.map_window : obs.hybrid.local_window;
  const channels = [...BASE_CHANNELS];
  const objectChannelTypes: number[] = [];
  if (variant === 'full') channels.push('path_dx', 'path_dy');
  if (compact) {
    for (const name of obs.compact.object_channels) {
      const code = objectTypes.code(name);
      if (code < 0) {
        const known = Array.from({ length: objectTypes.size }, (_, i) => objectTypes.name(i)).join(', ');
        inputError('observations.compact.object_channels', `an object type (${known})`, `"${name}"`);
      }
      objectChannelTypes.push(code);
      channels.push(`object:${name}`);
    }
    channels.push('walkable');
  }
  const mapSize = channels.length * window * window;

  const names: string[] = [];
  const slices: Record<string, readonly [number, number]> = { map: [0, mapSize] };
  const group = (name: string, features: readonly string[]) => {
    slices[name] = [mapSize + names.length, mapSize + names.length + features.length];
    names.push(...features);
  };
  group('core', CORE_FEATURES);
  group('local_summary', LOCAL_SUMMARY);
  group('work', WORK);
  if (compact ? obs.compact.include_targets : obs.hybrid.include_targets) {
    group('landmarks', LANDMARK_TYPES.flatMap((t) => [`${t}_dx`, `${t}_dy`, `${t}_dist`]));
  }
  if (config.features.observations.personality_channels) group('personality', PERSONALITY);
  const snippet = obs.social_snippet;
  const socialSlots = snippet.top_friends + snippet.top_rivals;
  const socialSlotDim = snippet.embed_dim + 3;
  const social: string[] = [];
  for (let slot = 0; slot < socialSlots; slot++) {
    for (let d = 0; d < socialSlotDim; d++) social.push(`social_slot${slot}_d${d}`);
  }
  group('social', social);
  if (snippet.include_aggregates) group('social_aggregates', AGGREGATES);
  slices['features'] = [mapSize, mapSize + names.length];
  // Sub-slices of the core group a trainer often wants on its own.
  const core = slices['core']![0];
  slices['needs'] = [core, core + 3];
  slices['shift'] = [core + 10, core + 15];
  slices['path_hints'] = [core + 25, core + 29];
  const work = slices['work']![0];
  slices['work_hints'] = [work + 7, work + 11];

  return {
    variant,
    mapDtype: obs.map_dtype,
    window,
    channels,
    featureNames: names,
    mapSize,
    obsDim: mapSize + names.length,
    slices,
    objectChannelTypes,
    socialSlots,
    socialSlotDim,
  };
}

/** Row offset of feature `name` (throws on an unknown name): for tests and tools, not hot loops. */
export function featureOffset(spec: ObservationSpec, name: string): number {
  const i = spec.featureNames.indexOf(name);
  if (i < 0) throw new RangeError(`no feature "${name}" in the ${spec.variant} spec`);
  return spec.mapSize + i;
}
