/**
 * Townlet-TS public API. Everything a test, benchmark, tool or later env layer needs is re-exported here,
 * file by file; anything not listed is internal. See docs/API.md.
 */

// Shards: create, step, hash, read events and counters, close.
export { createShard, manifestPath, Shard } from './core/shard.js';
export type { EventRecord, ShardCounters, ShardOptions, TickCounters } from './core/shard.js';
export type { EntityLayout, ShardState } from './core/shard-state.js';

// The tick.
export { SCHEDULE } from './core/schedule.js';
export type { RowSystem, ScheduledSystem, System } from './core/schedule.js';

// Events written by systems.
export { EVENT_KINDS, EventKind, EXIT_REASONS, ExitReasonCode, eventKindName } from './core/event-kinds.js';
export type { EventKindName, ExitReason } from './core/event-kinds.js';
export { EventBuffer } from './core/event-buffer.js';

// Configuration.
export { loadConfigFile, parseConfig, requireObservationVariant } from './config/load-config.js';
export type { ConfigOverrides, LoadedConfig } from './config/load-config.js';
export { configSchema } from './config/schema.js';
export type { TownConfig, TownConfigInput } from './config/schema.js';
export { mapDtypes, observationVariants } from './config/schema-observations.js';
export type { MapDtype, ObservationVariant } from './config/schema-observations.js';

// Affordance manifests.
export { loadManifest, parseManifest } from './affordances/manifest.js';
export type { AffordanceManifest, ManifestAffordance, ManifestObject } from './affordances/manifest.js';
export type { ManifestReload } from './affordances/manifest-reload.js';
export { FAIL_REASONS, FailReasonCode } from './affordances/fail-reasons.js';
export type { FailReason } from './affordances/fail-reasons.js';

// Actions
export {
  Action,
  actionCount,
  actionNames,
  ActionResult,
  INVALID_REASONS,
  InvalidReasonCode,
  USE_BASE,
} from './actions/action-space.js';
export type { InvalidReason } from './actions/action-space.js';

// Town life: KPIs, personalities, economy, perturbations, employment, social ledgers.
export { computeKpis, COVERAGE_TRUST } from './kpis/kpis.js';
export type { RunKpis } from './kpis/kpis.js';
export { CHARTER_TARGETS, checkCharter } from './kpis/charter.js';
export type { CharterCheck, CharterKpi } from './kpis/charter.js';
export { PROFILE_NAMES, PROFILES } from './personality/profiles.js';
export type { Profile, ProfileName } from './personality/profiles.js';
export { ECONOMY_PRICES } from './economy/prices.js';
export { PERTURBATION_KINDS } from './perturbations/perturbation-state.js';
export type { ManualPerturbation, PerturbationInfo } from './perturbations/perturbation-api.js';
export { EMPLOYMENT_EXIT_ROUTES } from './employment/exit-loop.js';
export { SHIFT_STATES } from './employment/shift-states.js';
export type { Tie } from './social/social-api.js';

// Tensors and the env API (docs/TENSORS.md, docs/ENV.md).
export { createTensorBuffers } from './tensors/tensor-buffers.js';
export type { ObservationShape, TensorBuffers } from './tensors/tensor-buffers.js';
export type { ObservationSpec } from './tensors/observation-spec.js';
export type { TensorState } from './tensors/tensor-state.js';
export { hashTensors } from './tensors/tensor-hash.js';
export { TensorPool } from './workers/tensor-pool.js';
export { TownEnv } from './env/town-env.js';
export type { EnvStep } from './env/town-env.js';
export { TownParallelEnv } from './env/parallel-env.js';
export type { AgentInfo, BoxSpace, DiscreteSpace, ParallelReset, ParallelStep } from './env/parallel-env.js';

// Baseline policies and their table (docs/TRAINING.md).
export { BASELINE_POLICIES, runEpisode } from './baselines/episode.js';
export type { BaselinePolicyName, EpisodeResult } from './baselines/episode.js';
export { runBaselines } from './baselines/run-baselines.js';
export type { BaselineRow } from './baselines/run-baselines.js';

// Errors for bad input (exit code 2 in the CLI).
export { InputError, ShardBusyError, formatIssues } from './core/errors.js';
export type { InputIssue } from './core/errors.js';

// Snapshots: save a shard, load it back ready to step, migrate between configs (docs/SNAPSHOTS.md).
export { loadSnapshot } from './snapshots/load.js';
export type { LoadSnapshotOptions } from './snapshots/load.js';
export { findMigration, registerMigration } from './snapshots/migrations.js';
export type { SnapshotMigration } from './snapshots/migrations.js';
export { readSnapshot } from './snapshots/reader.js';
export type { DecodedSnapshot } from './snapshots/reader.js';
export { SNAPSHOT_SCHEMA_VERSION } from './snapshots/format.js';
export type { SnapshotHeader } from './snapshots/format.js';
