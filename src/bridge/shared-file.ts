import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import type { BridgeLayout, LayoutEntry } from './shm-layout.js';

/** A typed array whose bytes go to (or come from) one slot of a layout entry. */
export type SlotArray = Float32Array | Int32Array | Uint8Array;

/**
 * The file the client maps (docs/BRIDGE.md): opened read-write (created if missing, never through a symlink),
 * grown to the layout's size, and written with one positional write per buffer. Node cannot map a file, so each
 * step costs one copy of the tensors into the page cache; the client's mapping sees the same pages.
 */
export class SharedFile {
  readonly path: string;
  readonly #fd: number;
  readonly #slot: number;
  #closed = false;

  constructor(path: string, layout: BridgeLayout, slot: number) {
    this.path = path;
    this.#slot = slot;
    this.#fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    try {
      const st = fstatSync(this.#fd);
      if (!st.isFile()) throw new Error(`${path} is not a regular file`);
      // Several servers share one file: each grows it to the same size, none shrinks it.
      if (st.size < layout.file_bytes) ftruncateSync(this.#fd, layout.file_bytes);
    } catch (err) {
      closeSync(this.#fd);
      throw err;
    }
  }

  /** Writes `a` into this server's block of `entry` (one positional write; loops only on a short write). */
  write(entry: LayoutEntry, a: SlotArray): void {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    let done = 0;
    const base = entry.offset + this.#slot * entry.slot_bytes;
    while (done < bytes.byteLength) {
      done += writeSync(this.#fd, bytes, done, bytes.byteLength - done, base + done);
    }
  }

  /** Reads this server's block of `entry` into `a`. */
  read(entry: LayoutEntry, a: SlotArray): void {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    let done = 0;
    const base = entry.offset + this.#slot * entry.slot_bytes;
    while (done < bytes.byteLength) {
      const n = readSync(this.#fd, bytes, done, bytes.byteLength - done, base + done);
      if (n === 0) throw new Error(`${this.path} is shorter than its layout`);
      done += n;
    }
  }

  /** Closes the file and removes its name if the client has not already done so (the client normally has). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
    removeQuietly(this.path);
  }
}

/** Removes `path`, ignoring a name that is already gone. */
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
