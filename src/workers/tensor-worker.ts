import { workerData } from 'node:worker_threads';
import type { AffordanceManifest } from '../affordances/manifest.js';
import type { TownConfig } from '../config/schema.js';
import { buildShardState } from '../core/build-shard-state.js';
import type { ShardState } from '../core/shard-state.js';
import { ensureLandmarks } from '../tensors/landmarks.js';
import { writeMasks } from '../tensors/masks.js';
import { writeObservations } from '../tensors/observations.js';
import { attachShared, type SharedHandles } from './shared-state.js';

/** What each worker is started with (Piscina workerData). */
export interface TensorWorkerInit {
  config: TownConfig;
  source: string;
  manifest: AffordanceManifest;
  handles: SharedHandles;
}

/** One task: observation and mask rows of agent slots [from, to) for the end of `tick`. */
export interface TensorTask {
  tick: number;
  from: number;
  to: number;
  /** The manifest in force, sent only when it changed since the workers last saw it (hot reload). */
  manifest?: AffordanceManifest;
  /** Fault injection (tests): the worker dies in the middle of this task. */
  die?: boolean;
}

let state: ShardState | undefined;

/**
 * The worker: builds its own copy of the static world once (the same config gives the same grid, objects and
 * fields), attaches the main thread's shared component groups and tensors, then writes row ranges on demand.
 */
function worldOf(): ShardState {
  if (state) return state;
  const init = workerData as TensorWorkerInit;
  const s = buildShardState(init.config, init.source, init.manifest);
  attachShared(s, init.handles, init.manifest);
  state = s;
  return s;
}

/** Piscina task handler: returns the number of rows written. */
export default function tensorRows(task: TensorTask): number {
  const s = worldOf();
  const t = s.tensors!;
  if (task.manifest && task.manifest.checksum !== s.manifest.current.checksum) {
    attachShared(s, { groups: s as unknown as SharedHandles['groups'], tensors: t }, task.manifest);
  }
  ensureLandmarks(s, t.observer);
  const mid = (task.from + task.to) >> 1;
  writeObservations(s, t, task.tick, task.from, mid);
  // A worker that dies here has written half its rows; the main thread redoes the whole range.
  if (task.die) process.exit(1);
  writeObservations(s, t, task.tick, mid, task.to);
  writeMasks(s, t, task.tick, task.from, task.to);
  return task.to - task.from;
}
