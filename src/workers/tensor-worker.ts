import { threadId, workerData } from 'node:worker_threads';
import { compileAffordances } from '../affordances/affordance-table.js';
import { engineScope } from '../affordances/precondition-scope.js';
import { buildShardState } from '../core/build-shard-state.js';
import { SCHEDULE } from '../core/schedule.js';
import type { ShardState } from '../core/shard-state.js';
import { installDerived } from '../tensors/derived-arrays.js';
import { registerTensorState } from '../tensors/tensor-state.js';
import type { AttachPayload } from './attach-payload.js';
import { runningBuildId } from './build-id.js';
import { staticDigest } from './static-digest.js';

/** What each worker is started with (Piscina workerData): the pool's control words, shared with the main thread. */
export interface TensorWorkerInit {
  /** [0] = the generation of the state and manifest the rows must be written for (see TensorPool). */
  control: Int32Array;
}

/** One task: rows [from, to) of split system `system` for the end of `tick`. */
export interface TensorTask {
  system: string;
  tick: number;
  from: number;
  to: number;
  /** Sent until every worker has confirmed the current generation. */
  payload?: AttachPayload;
  /** Fault injection (tests): the worker dies in the middle of this task. */
  die?: boolean;
}

/**
 * done: the rows are written for `generation`; stale: this worker does not hold the current generation and wrote
 * nothing (the main thread writes the range and sends the payload next time); refused: the worker cannot serve
 * this shard (other code, a different rebuilt world): an error for the caller, never a silent difference.
 */
export type TensorTaskResult =
  | { status: 'done'; threadId: number; generation: number } |
  { status: 'stale'; threadId: number } |
  { status: 'refused'; threadId: number; reason: string };

interface Attached {
  state: ShardState;
  stateId: number;
  generation: number;
}

let attached: Attached | undefined;
const { control } = workerData as TensorWorkerInit;

/** Piscina task handler. */
export default function tensorRows(task: TensorTask): TensorTaskResult {
  if (task.payload) {
    const reason = attach(task.payload);
    if (reason) return { status: 'refused', threadId, reason };
  }
  // The generation in force lives in shared memory: a worker that missed a reload or a reset never writes rows.
  if (!attached || attached.generation !== Atomics.load(control, 0)) return { status: 'stale', threadId };
  const system = SCHEDULE.find((x) => x.name === task.system)?.split;
  if (!system) return { status: 'refused', threadId, reason: `no split system "${task.system}" in this build` };
  const s = attached.state;
  const mid = (task.from + task.to) >> 1;
  system.rows(s, task.tick, task.from, mid);
  // A worker that dies here has written half its rows; the main thread redoes the whole range.
  if (task.die) process.exit(1);
  system.rows(s, task.tick, mid, task.to);
  return { status: 'done', threadId, generation: attached.generation };
}

/** Takes the payload: a new shard is rebuilt and rebound, a new manifest recompiled. Returns a refusal or null. */
function attach(p: AttachPayload): string | null {
  const own = runningBuildId();
  if (own !== p.buildId) {
    return `worker threads run code built from other sources (build ${own}) than the main thread ` +
      `(${p.buildId}): run \`npm run build\``;
  }
  if (!attached || attached.stateId !== p.stateId) {
    const s = buildShardState(p.config, `worker of ${p.config.config_id}`, p.manifest);
    s.tensors = p.tensors;
    registerTensorState(s.registry, p.tensors);
    const ours = s.registry.arrays().map(([name]) => name).join(', ');
    const theirs = p.arrays.map(([name]) => name).join(', ');
    if (ours !== theirs) return `a worker's registry differs from the main thread's: [${ours}] against [${theirs}]`;
    for (const [name, array] of p.arrays) s.registry.rebind(name, array);
    const digest = staticDigest(s);
    if (digest !== p.staticDigest) {
      return `the world a worker rebuilt from the config differs from the main thread's (static digest ${digest} ` +
        `against ${p.staticDigest})`;
    }
    // Preconditions close over the arrays they read: compile them again against the rebound (shared) ones.
    s.manifest.replace(p.manifest, compileAffordances(p.manifest, engineScope(s), s.objectTypes));
    attached = { state: s, stateId: p.stateId, generation: -1 };
  }
  const s = attached.state;
  if (s.manifest.current.checksum !== p.manifest.checksum) {
    s.manifest.replace(p.manifest, compileAffordances(p.manifest, engineScope(s), s.objectTypes));
  }
  installDerived(s, s.tensors!, p.derived);
  attached.generation = p.generation;
  return null;
}
