import { closeSync, openSync, writeSync } from 'node:fs';

/** numpy dtype strings of the arrays a capture writes. */
export type NpyDescr = '<f4' | '<i4' | '|u1' | '|b1';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Streams one C-order array into a `.npy` file (format version 1.0): the header with the full shape first, then
 * the data in as many appends as the caller likes, so a long capture never holds more than a chunk in memory.
 * `close` checks that exactly shape's bytes were written.
 */
export class NpyWriter {
  readonly path: string;
  readonly #fd: number;
  readonly #expected: number;
  #written = 0;

  constructor(path: string, descr: NpyDescr, shape: readonly number[]) {
    this.path = path;
    const itemSize = descr === '<f4' || descr === '<i4' ? 4 : 1;
    this.#expected = shape.reduce((a, b) => a * b, 1) * itemSize;
    this.#fd = openSync(path, 'w');
    writeSync(this.#fd, npyHeader(descr, shape));
  }

  /** Appends raw little-endian bytes (a typed array's view). */
  append(view: ArrayBufferView): void {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    writeSync(this.#fd, bytes);
    this.#written += bytes.byteLength;
  }

  /** Closes the file; throws if the data does not fill the declared shape. */
  close(): void {
    closeSync(this.#fd);
    if (this.#written !== this.#expected) {
      throw new Error(`${this.path}: wrote ${this.#written} bytes of data, the shape needs ${this.#expected}`);
    }
  }
}

/** The .npy 1.0 header: magic, version, little-endian header length, then the dict padded to 64 bytes. */
export function npyHeader(descr: NpyDescr, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  // Magic (6) + version (2) + length (2) + dict + '\n' must be a multiple of 64 (numpy aligns its data).
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + dict.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = dict.length & 0xff;
  out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}
