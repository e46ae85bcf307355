import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../core/errors.js';
import type { Shard } from '../core/shard.js';
import { captureSnapshot } from './capture.js';
import { keepNewest, snapshotFileName } from './rotation.js';
import type { WriteFault } from './writer.js';
import { SnapshotWriterThread } from './writer-thread.js';

/** Options of periodic snapshots (`townlet run --snapshot-every N --snapshot-dir D --keep K`). */
export interface PeriodicSnapshotOptions {
  dir: string;
  /** Save after every tick that is a multiple of this (shard ticks, so a resumed run keeps the cadence). */
  every: number;
  /** Newest snapshots kept in `dir` (default 5). */
  keep?: number;
  /** The section outside the world hash each save carries (e.g. the console's state); default none. */
  extra?: () => Record<string, unknown>;
  /** Test hook: kill the process while writing the n-th snapshot (1-based) at a byte offset. */
  fault?: { nth: number } & WriteFault;
}

/**
 * Saves a shard every N ticks without stalling the tick longer than a copy of its arrays: the copy is taken on
 * the tick thread (into one reused buffer), the world hash, checksum, write and fsyncs run on a writer thread
 * and the rotation after it, while the shard steps on. At most one write is in flight; the next save waits for it.
 */
export class PeriodicSnapshots {
  readonly #o: PeriodicSnapshotOptions;
  #pending: Promise<void> = Promise.resolve();
  #failed: unknown;
  #count = 0;
  #writer: SnapshotWriterThread | undefined;
  #buffer: SharedArrayBuffer | undefined;
  /** Paths written, oldest first. */
  readonly written: string[] = [];

  /** Creates the folder when it is missing; throws InputError when it cannot be (a file in the way, no permission). */
  constructor(o: PeriodicSnapshotOptions) {
    this.#o = o;
    try {
      mkdirSync(o.dir, { recursive: true });
    } catch (err) {
      inputError(o.dir, 'a snapshot folder (created if missing)', (err as NodeJS.ErrnoException).code ?? 'an error');
    }
  }

  /** Call after each step: saves when the shard's tick is due. */
  async afterTick(shard: Shard): Promise<void> {
    if (shard.tick % this.#o.every !== 0) return;
    await this.#pending;
    // The copy must see a whole tick: the shard's busy guard refuses it while a stepAsync is in flight.
    shard.guard('periodic snapshot');
    if (this.#failed) throw this.#failed;
    const captured = captureSnapshot(shard.state, this.#o.extra?.() ?? {}, this.#buffer);
    this.#buffer = captured.arrays.buffer as SharedArrayBuffer;
    const path = join(this.#o.dir, snapshotFileName(shard.tick));
    this.#count++;
    const fault = this.#o.fault && this.#o.fault.nth === this.#count ? this.#o.fault : undefined;
    this.#writer ??= new SnapshotWriterThread();
    this.#pending = this.#writer.write(path, captured, fault).then(
      () => {
        this.written.push(path);
        keepNewest(this.#o.dir, this.#o.keep ?? 5);
      },
      (err: unknown) => {
        this.#failed = err;
      },
    );
  }

  /** Waits for the write in flight; throws if a write failed. */
  async flush(): Promise<void> {
    await this.#pending;
    if (this.#failed) throw this.#failed;
  }

  /** Waits for the write in flight and stops the writer thread. */
  async close(): Promise<void> {
    await this.#pending;
    await this.#writer?.close();
    this.#writer = undefined;
  }
}

/** Parses the fault hook `nth:byte` (env TOWNLET_SNAPSHOT_FAULT, used by the crash test). */
export function parseFault(text: string | undefined): PeriodicSnapshotOptions['fault'] {
  const m = text ? /^(\d+):(\d+)$/.exec(text) : null;
  return m ? { nth: Number(m[1]), killAtByte: Number(m[2]) } : undefined;
}
