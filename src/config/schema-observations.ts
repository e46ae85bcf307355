import { z } from 'zod';
import { flag, int, section } from './schema-helpers.js';

const oddWindow = (fallback: number, description: string) =>
  int(3, 63, fallback, description).refine((w) => w % 2 === 1, { message: 'expected an odd window size' });

/** The observation variants; `features.systems.observations` picks one. */
export const observationVariants = ['hybrid', 'full', 'compact'] as const;
export type ObservationVariant = (typeof observationVariants)[number];

/** `features`: stages and system switches. */
export const featuresSchema = section(
  {
    stages: section(
      {
        relationships: z
          .enum(['OFF', 'A', 'B', 'C1', 'C2', 'C3'])
          .default('B')
          .describe('relationship stage; OFF disables scripted chat'),
        social_rewards: z
          .enum(['OFF', 'C1', 'C2', 'C3'])
          .default('OFF')
          .describe('social rewards: C1 chat, C2 adds avoidance'),
      },
      'feature stages',
    ),
    systems: section(
      {
        observations: z
          .enum(observationVariants)
          .default('hybrid')
          .describe('observation variant: hybrid (4×W×W map), full (adds path channels), compact (small map)'),
      },
      'system variants',
    ),
    observations: section(
      {
        personality_channels: flag(
          false,
          'add the agent\'s extroversion, forgiveness and ambition to the feature vector (docs/TENSORS.md)',
        ),
      },
      'optional observation features',
    ),
  },
  'feature flags',
);

/** Element types of the observation map channels (`observations.map_dtype`). */
export const mapDtypes = ['float32', 'uint8'] as const;
export type MapDtype = (typeof mapDtypes)[number];

/** `observations`: windows and the social snippet of each variant. */
export const observationsSchema = section(
  {
    map_dtype: z
      .enum(mapDtypes)
      .default('float32')
      .describe(
        'map channel element type: float32 (one observations tensor) or uint8 (a uint8 map tensor and a float32 ' +
        'feature tensor; hybrid and compact only)',
      ),
    hybrid: section(
      {
        local_window: oddWindow(11, 'egocentric window side (odd) of hybrid and full; also the local summary\'s'),
        include_targets: flag(
          false,
          'add landmark features: dx/d, dy/d, d to the nearest reachable fridge, stove, bed, shower',
        ),
      },
      'hybrid and full variants',
    ),
    compact: section(
      {
        map_window: oddWindow(7, 'egocentric window side (odd) of compact; also its local summary\'s'),
        include_targets: flag(false, 'add landmark features (as hybrid.include_targets)'),
        object_channels: z
          .array(z.string().min(1))
          .max(16)
          .default([])
          .describe('object types that get a map channel of their own, in order (e.g. [fridge, bed])'),
        normalize_counts: flag(true, 'clamp the agents and objects channels to 1 (else raw counts)'),
      },
      'compact variant',
    ),
    work: section(
      {
        hint_lead_ticks: int(
          0,
          1440,
          30,
          'work hints point toward work from this many ticks (plus the walk) before the shift starts to its end',
        ),
      },
      'work features (job, shift clock, the way to work)',
    ),
    social_snippet: section(
      {
        top_friends: int(0, 8, 2, 'friend slots: ties with the highest trust + familiarity (above 0)'),
        top_rivals: int(0, 8, 2, 'rival slots: other ties with the highest rivalry (above 0)'),
        embed_dim: int(1, 32, 8, 'partner embedding width per slot (a hash of partner slot and life)'),
        include_aggregates: flag(true, 'add trust mean/max and rivalry mean/max over the filled slots'),
      },
      'social snippet',
    ).refine((s) => s.top_friends + s.top_rivals <= 8, {
      message: 'expected top_friends + top_rivals ≤ 8',
      path: ['top_rivals'],
    }),
  },
  'observation settings',
);

/** `embedding_allocator`: stable embedding slots per agent. */
export const embeddingAllocatorSchema = section(
  {
    cooldown_ticks: int(
      0,
      100_000,
      2000,
      'ticks a released slot rests before reuse (earlier reuse is forced and counted)',
    ),
    reuse_warning_threshold: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.05)
      .describe('forced reuses ÷ allocations above which the report warns'),
    max_slots: z
      .number()
      .int()
      .min(1)
      .max(4_000_000)
      .optional()
      .describe('slots; absent = population capacity plus 25% headroom; below the capacity is an error'),
  },
  'embedding slot allocator',
);

/** `affordances`: where the affordance manifest lives. */
export const affordancesSchema = section(
  {
    manifest: z
      .string()
      .min(1)
      .optional()
      .describe(
        'manifest path, relative to the config file; absent = the engine\'s configs/affordances/core.yaml',
      ),
    hot_reload: flag(true, 'reload the manifest at a tick boundary when its file changes (a bad file is rejected)'),
    reload_poll_ms: int(
      0,
      3_600_000,
      250,
      'wall-clock ms between checks of the manifest file (0 = every tick; a check is one stat call)',
    ),
  },
  'affordance manifest',
);
