import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import type { CapturedSnapshot } from './capture.js';
import type { WriteJob, WriteReply } from './write-worker.js';
import type { WriteFault } from './writer.js';

/**
 * A thread that seals and writes captured snapshots, so the tick thread pays only for the capture (a copy).
 * The captured array section lives on a SharedArrayBuffer: handing it over copies nothing. One job at a time.
 */
export class SnapshotWriterThread {
  readonly #worker = new Worker(join(packageRoot(), 'dist', 'src', 'snapshots', 'write-worker.js'));

  constructor() {
    // An idle writer thread must not keep the process alive.
    this.#worker.unref();
  }

  /** Seals and writes `captured` to `path` atomically; resolves with the world hash written. */
  write(path: string, captured: CapturedSnapshot, fault?: WriteFault): Promise<string> {
    const { header: _header, ...rest } = captured;
    const job: WriteJob = { path, captured: rest, ...(fault ? { fault } : {}) };
    return new Promise((resolve, reject) => {
      this.#worker.ref();
      this.#worker.once('message', (reply: WriteReply) => {
        this.#worker.unref();
        if (reply.ok) resolve(reply.worldHash);
        else reject(reply.issues ? new InputError(reply.issues) : new Error(reply.message));
      });
      this.#worker.postMessage(job);
    });
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
