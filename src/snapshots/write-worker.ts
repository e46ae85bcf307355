import { parentPort } from 'node:worker_threads';
import { InputError, type InputIssue } from '../core/errors.js';
import type { CapturedSnapshot } from './capture.js';
import { type WriteFault, writeSnapshotSync } from './writer.js';

/** One job of the snapshot writer thread. */
export interface WriteJob {
  path: string;
  /** The capture without its header object (the JSON bytes carry it). */
  captured: Omit<CapturedSnapshot, 'header'>;
  fault?: WriteFault;
}

/** What the thread answers: the world hash written, or the error (with its issues when it was bad input). */
export type WriteReply =
  | { ok: true; worldHash: string } |
  { ok: false; message: string; issues?: readonly InputIssue[] };

// The snapshot writer thread: seals (world hash, checksum) and writes captured snapshots, one at a time.
parentPort!.on('message', (job: WriteJob) => {
  let reply: WriteReply;
  try {
    reply = { ok: true, worldHash: writeSnapshotSync(job.path, job.captured, job.fault) };
  } catch (err) {
    const issues = err instanceof InputError ? { issues: err.issues } : {};
    reply = { ok: false, message: (err as Error).message, ...issues };
  }
  parentPort!.postMessage(reply);
});
