import { join } from 'node:path';
import { Piscina } from 'piscina';
import { sharedInt32 } from '../../components/shared-arrays.js';
import { packageRoot } from '../core/package-root.js';
import type { RowSystem, System } from '../core/schedule.js';
import type { ShardState } from '../core/shard-state.js';
import { collectDerived, type DerivedArrays, sameDerived } from '../tensors/derived-arrays.js';
import { type AttachPayload, attachPayload } from './attach-payload.js';
import { assertWorkerBuild, recordedBuildId, runningBuildId } from './build-id.js';
import { RowClaims } from './row-claims.js';
import { staticDigest } from './static-digest.js';
import type { TensorTask, TensorTaskResult, TensorWorkerInit } from './tensor-worker.js';

/**
 * A fixed pool of worker threads (Piscina) that writes the rows of the schedule's split phase (observations and
 * masks). What the workers read reaches them by construction: an attach payload (attach-payload.ts) with every
 * registered array, the tensor state and the declared derived arrays, sent with the tasks until every live worker
 * has confirmed it. Its generation lives in shared memory: a worker that holds another generation (it missed a
 * manifest reload, it replaced a dead worker, the pool moved to a new shard) claims no rows. Per tick, a task is a
 * tick number.
 *
 * The rows are claimed on demand by the workers and the main thread (row-claims.ts) in contiguous runs, so every row
 * is written by one thread and the bytes equal the inline path's whatever the split. Rows a failed task (a worker
 * that died) claimed and did not finish are written on the main thread; Piscina replaces the worker. One pool may
 * serve a sequence of shards (the env keeps it across resets): `attach` moves it to the next one.
 */
export class TensorPool {
  readonly threads: number;
  /** Tasks whose worker failed (the main thread wrote the rows they left unfinished). */
  recoveries = 0;
  /** Tasks a worker declined because it did not yet hold the current generation (the main thread wrote them). */
  stale = 0;
  /** Tasks sent to workers. */
  tasks = 0;
  /** Rows written by workers, and by this thread while workers could (claims: row-claims.ts). */
  workerRows = 0;
  mainRows = 0;
  readonly #pool: Piscina;
  readonly #control: Int32Array;
  /** Which generation each worker thread last confirmed. */
  readonly #confirmed = new Map<number, number>();
  #state: ShardState | undefined;
  #claims: RowClaims | undefined;
  #stateId = 0;
  #generation = 0;
  #digest = '';
  #manifest = '';
  #derived: DerivedArrays | undefined;
  #payload: AttachPayload | undefined;
  #dieNext = false;

  /** Starts `threads` worker threads. Throws when dist/ (what workers run) was built from other sources. */
  constructor(threads: number) {
    assertWorkerBuild(runningBuildId(), recordedBuildId());
    this.threads = threads;
    this.#control = sharedInt32(1);
    const init: TensorWorkerInit = { control: this.#control };
    this.#pool = new Piscina({
      filename: join(packageRoot(), 'dist', 'src', 'workers', 'tensor-worker.js'),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 2 ** 31 - 1,
      workerData: init,
    });
  }

  /** Serves shard state `s` from now on (its tensors must exist). Workers rebuild and rebind at their next task. */
  attach(s: ShardState): void {
    if (!s.tensors) throw new Error('a tensor pool serves shards with tensors');
    this.#state = s;
    this.#claims = new RowClaims(s.layout.capacity);
    this.#stateId++;
    this.#digest = staticDigest(s);
    this.#manifest = '';
    this.#derived = undefined;
  }

  /**
   * Writes rows of every agent slot with `rows` (the split phase's row half, `system` its schedule name) for
   * `tick`, shared by the workers and this thread, which first runs `beside` (the work beside the rows). Rows are
   * claimed on demand (row-claims.ts): a late worker writes fewer. Rows a worker claimed but did not finish (it
   * died) are written here. Throws when a worker refuses the shard.
   */
  async writeRows(s: ShardState, tick: number, system: string, rows: RowSystem, beside: System): Promise<void> {
    if (s !== this.#state) throw new Error('this tensor pool is attached to another shard');
    const payload = this.#currentPayload(s);
    const send = this.#anyUnconfirmed() ? payload : undefined;
    const claims = this.#claims!;
    claims.open();
    const parts = this.threads + 1;
    const refusals: string[] = [];
    const jobs: Promise<void>[] = [];
    for (let w = 0; w < this.threads; w++) {
      const task: TensorTask = { system, tick, parts, ...(send ? { payload: send } : {}) };
      if (this.#dieNext && w === 0) {
        task.die = true;
        this.#dieNext = false;
      }
      this.tasks++;
      jobs.push(
        (this.#pool.run(task) as Promise<TensorTaskResult>).then(
          (result) => {
            if (result.status === 'done') {
              this.#confirmed.set(result.threadId, result.generation);
              this.workerRows += result.rows;
              return;
            }
            this.#confirmed.delete(result.threadId);
            if (result.status === 'refused') refusals.push(result.reason);
            else this.stale++;
          },
          () => {
            // The worker died or failed: the rows it claimed and did not finish are written below.
            this.recoveries++;
          },
        ),
      );
    }
    beside(s, tick);
    this.mainRows += claims.writeClaimed(parts, rows, s, tick);
    await Promise.all(jobs);
    claims.writeUnfinished(rows, s, tick);
    if (refusals.length > 0) throw new Error(`tensor worker refused: ${refusals[0]}`);
  }

  /** The payload of the current generation; a new generation when the manifest or the derived arrays changed. */
  #currentPayload(s: ShardState): AttachPayload {
    const derived = collectDerived(s, s.tensors!);
    const manifest = s.manifest.current.checksum;
    if (!this.#payload || this.#payload.stateId !== this.#stateId || manifest !== this.#manifest ||
      !sameDerived(this.#derived, derived)) {
      this.#generation++;
      this.#manifest = manifest;
      this.#derived = derived;
      this.#payload = attachPayload(s, this.#stateId, this.#generation, derived, this.#digest, this.#claims!.words);
      Atomics.store(this.#control, 0, this.#generation);
    }
    return this.#payload;
  }

  /** True when some live worker thread has not confirmed the current generation. */
  #anyUnconfirmed(): boolean {
    const live = this.#pool.threads;
    if (live.length < this.threads) return true;
    for (const worker of live) if (this.#confirmed.get(worker.threadId) !== this.#generation) return true;
    return false;
  }

  /** Fault injection for tests: the first worker task of the next tick kills its worker halfway through. */
  killWorkerOnNextTick(): void {
    this.#dieNext = true;
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
