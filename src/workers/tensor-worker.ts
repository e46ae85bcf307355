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
import { RowClaims } from './row-claims.js';
import { staticDigest } from './static-digest.js';

/** What each worker is started with (Piscina workerData): the pool's control words, shared with the main thread. */
export interface TensorWorkerInit {
  /** [0] = the generation of the state and manifest the rows must be written for (see TensorPool). */
  control: Int32Array;
}

/** One task: claim and write rows of split system `system` for the end of `tick`, `parts` threads sharing them. */
export interface TensorTask {
  system: string;
  tick: number;
  parts: number;
  /** Sent until every worker has confirmed the current generation. */
  payload?: AttachPayload;
  /** Fault injection (tests): the worker dies halfway through its first claim. */
  die?: boolean;
}

/**
 * done: the rows are written for `generation`; stale: this worker does not hold the current generation and wrote
 * nothing (the main thread writes the range and sends the payload next time); refused: the worker cannot serve
 * this shard (other code, a different rebuilt world): an error for the caller, never a silent difference.
 */
export type TensorTaskResult =
  | { status: 'done'; threadId: number; generation: number; rows: number } |
  { status: 'stale'; threadId: number } |
  { status: 'refused'; threadId: number; reason: string };

interface Attached {
  state: ShardState;
  claims: RowClaims;
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
  // A worker that dies mid-claim leaves its claimed rows unfinished; the main thread writes them.
  const rows = attached.claims.writeClaimed(task.parts, system.rows, attached.state, task.tick, task.die === true);
  return { status: 'done', threadId, generation: attached.generation, rows };
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
    attached = { state: s, claims: new RowClaims(s.layout.capacity, p.claims), stateId: p.stateId, generation: -1 };
  }
  const s = attached.state;
  if (s.manifest.current.checksum !== p.manifest.checksum) {
    s.manifest.replace(p.manifest, compileAffordances(p.manifest, engineScope(s), s.objectTypes));
  }
  attached.claims = new RowClaims(s.layout.capacity, p.claims);
  installDerived(s, s.tensors!, p.derived);
  attached.generation = p.generation;
  return null;
}
