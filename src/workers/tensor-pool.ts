import { join } from 'node:path';
import { Piscina } from 'piscina';
import { packageRoot } from '../core/package-root.js';
import type { ShardState } from '../core/shard-state.js';
import { writeMasks } from '../tensors/masks.js';
import { writeObservations } from '../tensors/observations.js';
import { sharedHandles } from './shared-state.js';
import type { TensorTask, TensorWorkerInit } from './tensor-worker.js';

/**
 * A fixed pool of worker threads (Piscina) that writes observation and mask rows. The shared memory handles go
 * to each worker once, at start; per tick each worker gets only a tick number and a row range. Rows are split
 * into threads + 1 contiguous ranges (the main thread writes the last one while the workers write theirs), so
 * every range is written by one thread and the bytes equal the inline path's.
 * A task that fails (a worker that died) is redone on the main thread; Piscina replaces the worker.
 */
export class TensorPool {
  readonly threads: number;
  /** Tasks redone on the main thread because their worker failed. */
  recoveries = 0;
  /** Tasks sent to workers. */
  tasks = 0;
  readonly #pool: Piscina;
  #manifestSeen: string;
  #dieNext = false;

  constructor(s: ShardState, threads: number, source: string) {
    this.threads = threads;
    const init: TensorWorkerInit = {
      config: s.config,
      source,
      manifest: s.manifest.current,
      handles: sharedHandles(s, s.tensors!),
    };
    this.#manifestSeen = s.manifest.current.checksum;
    this.#pool = new Piscina({
      filename: join(packageRoot(), 'dist', 'src', 'workers', 'tensor-worker.js'),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 2 ** 31 - 1,
      workerData: init,
    });
  }

  /** Writes the observation and mask rows of every agent slot for `tick`, split over the workers. */
  async writeRows(s: ShardState, tick: number): Promise<void> {
    const end = s.layout.capacity + 1;
    const manifest = s.manifest.current.checksum !== this.#manifestSeen ? s.manifest.current : undefined;
    this.#manifestSeen = s.manifest.current.checksum;
    const jobs: Promise<void>[] = [];
    // The main thread would only wait: it takes the last of threads + 1 ranges itself.
    const parts = this.threads + 1;
    const edge = (w: number) => 1 + Math.floor(((end - 1) * w) / parts);
    const range = (w: number) => [edge(w), edge(w + 1)];
    for (let w = 0; w < this.threads; w++) {
      const [from, to] = range(w) as [number, number];
      if (from >= to) continue;
      const task: TensorTask = { tick, from, to, ...(manifest ? { manifest } : {}) };
      if (this.#dieNext && w === 0) {
        task.die = true;
        this.#dieNext = false;
      }
      this.tasks++;
      jobs.push(
        this.#pool.run(task).then(
          () => undefined,
          () => {
            // The worker died or failed: its rows may be half written, so write the whole range here.
            this.recoveries++;
            writeObservations(s, s.tensors!, tick, from, to);
            writeMasks(s, s.tensors!, tick, from, to);
          },
        ),
      );
    }
    const [from, to] = range(this.threads) as [number, number];
    writeObservations(s, s.tensors!, tick, from, to);
    writeMasks(s, s.tensors!, tick, from, to);
    await Promise.all(jobs);
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
