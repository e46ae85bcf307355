import { z } from 'zod';
import { int, section } from './schema-helpers.js';
import {
  affordancesSchema,
  embeddingAllocatorSchema,
  featuresSchema,
  observationsSchema,
} from './schema-observations.js';
import {
  behaviorSchema,
  conflictSchema,
  economySchema,
  employmentSchema,
  jobsSchema,
  lifecycleSchema,
  perturbationsSchema,
  queueFairnessSchema,
  rewardsSchema,
  stabilitySchema,
} from './schema-rules.js';
import { envSchema } from './schema-env.js';
import { nightlyResetSchema, personalitiesSchema } from './schema-personality.js';
import { populationSchema, scenarioSchema, workersSchema, worldSchema } from './schema-world.js';
import { telemetrySchema } from './schema-telemetry.js';

/**
 * The shard configuration: the single source of truth for every section. Unknown keys are rejected at every
 * level; every field has a default except `config_id`. docs/CONFIG.md is generated from this schema.
 */
export const configSchema = z
  .strictObject({
    config_id: z
      .string()
      .max(128)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'expected a non-empty id of letters, digits and . _ : -')
      .describe('the shard\'s identity: seeds the RNG streams, guards snapshots and policies'),
    seed: int(0, Number.MAX_SAFE_INTEGER, 0, 'seed of the world, events and policy RNG streams'),
    ticks_per_day: int(1, 1_000_000, 1440, 'ticks in one simulated day'),
    run: section(
      {
        ticks: z
          .number()
          .int()
          .min(1)
          .max(1_000_000_000)
          .optional()
          .describe('ticks `townlet run` simulates'),
      },
      'bounded run settings',
    ),
    features: featuresSchema,
    rewards: rewardsSchema,
    economy: economySchema,
    jobs: jobsSchema,
    behavior: behaviorSchema,
    queue_fairness: queueFairnessSchema,
    conflict: conflictSchema,
    embedding_allocator: embeddingAllocatorSchema,
    observations: observationsSchema,
    affordances: affordancesSchema,
    stability: stabilitySchema,
    employment: employmentSchema,
    lifecycle: lifecycleSchema,
    perturbations: perturbationsSchema,
    personalities: personalitiesSchema,
    nightly_reset: nightlyResetSchema,
    world: worldSchema,
    population: populationSchema,
    scenario: scenarioSchema,
    workers: workersSchema,
    env: envSchema,
    telemetry: telemetrySchema,
  })
  .describe('shard configuration');

/** The validated configuration as the engine sees it (all defaults filled in). */
export type TownConfig = z.output<typeof configSchema>;
/** The configuration as written in YAML (defaults optional). */
export type TownConfigInput = z.input<typeof configSchema>;
