import { join } from 'node:path';
import { Piscina } from 'piscina';
import { sharedInt32 } from '../../components/shared-arrays.js';
import { packageRoot } from '../core/package-root.js';
import type { RowSystem } from '../core/schedule.js';
import type { ShardState } from '../core/shard-state.js';
import { collectDerived, type DerivedArrays, sameDerived } from '../tensors/derived-arrays.js';
import { type AttachPayload, attachPayload } from './attach-payload.js';
import { assertWorkerBuild, recordedBuildId, runningBuildId } from './build-id.js';
import { staticDigest } from './static-digest.js';
import type { TensorTask, TensorTaskResult, TensorWorkerInit } from './tensor-worker.js';

/**
 * A fixed pool of worker threads (Piscina) that writes the rows of the schedule's split phase (observations and
 * masks). What the workers read reaches them by construction: an attach payload (attach-payload.ts) with every
 * registered array, the tensor state and the declared derived arrays, sent with the tasks until every live worker
 * has confirmed it. Its generation lives in shared memory: a worker that holds another generation (it missed a
 * manifest reload, it replaced a dead worker, the pool moved to a new shard) writes nothing and the main thread
 * writes its range. Per tick, a task is a tick number and a row range.
 *
 * Rows are split into threads + 1 contiguous ranges (the main thread writes the last one while the workers write
 * theirs), so every range is written by one thread and the bytes equal the inline path's. A task that fails (a
 * worker that died) is redone on the main thread; Piscina replaces the worker. One pool may serve a sequence of
 * shards (the env keeps it across resets): `attach` moves it to the next one.
 */
export class TensorPool {
  readonly threads: number;
  /** Tasks redone on the main thread because their worker failed. */
  recoveries = 0;
  /** Tasks a worker declined because it did not yet hold the current generation (the main thread wrote them). */
  stale = 0;
  /** Tasks sent to workers. */
  tasks = 0;
  readonly #pool: Piscina;
  readonly #control: Int32Array;
  /** Which generation each worker thread last confirmed. */
  readonly #confirmed = new Map<number, number>();
  #state: ShardState | undefined;
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
    this.#stateId++;
    this.#digest = staticDigest(s);
    this.#manifest = '';
    this.#derived = undefined;
  }

  /**
   * Writes rows of every agent slot with `rows` (the split phase's row half, `system` its schedule name) for
   * `tick`, split over the workers and this thread. Throws when a worker refuses the shard.
   */
  async writeRows(s: ShardState, tick: number, system: string, rows: RowSystem): Promise<void> {
    if (s !== this.#state) throw new Error('this tensor pool is attached to another shard');
    const payload = this.#currentPayload(s);
    const send = this.#anyUnconfirmed() ? payload : undefined;
    const end = s.layout.capacity + 1;
    const parts = this.threads + 1;
    const edge = (w: number) => 1 + Math.floor(((end - 1) * w) / parts);
    const refusals: string[] = [];
    const jobs: Promise<void>[] = [];
    for (let w = 0; w < this.threads; w++) {
      const from = edge(w);
      const to = edge(w + 1);
      if (from >= to) continue;
      const task: TensorTask = { system, tick, from, to, ...(send ? { payload: send } : {}) };
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
              return;
            }
            this.#confirmed.delete(result.threadId);
            if (result.status === 'refused') refusals.push(result.reason);
            else this.stale++;
            rows(s, tick, from, to);
          },
          () => {
            // The worker died or failed: its rows may be half written, so write the whole range here.
            this.recoveries++;
            rows(s, tick, from, to);
          },
        ),
      );
    }
    rows(s, tick, edge(this.threads), end);
    await Promise.all(jobs);
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
      this.#payload = attachPayload(s, this.#stateId, this.#generation, derived, this.#digest);
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
