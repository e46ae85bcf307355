import { createHash } from 'node:crypto';
import type { SlotArray } from './shared-file.js';

/**
 * 16 hex digits of SHA-256 over the bytes of `arrays` in order: what the server wrote into its slot of the
 * shared file, so a client that hashes its mapped bytes in layout order gets the same digest.
 */
export function hashArrays(arrays: readonly SlotArray[]): string {
  const hash = createHash('sha256');
  for (const a of arrays) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return hash.digest('hex').slice(0, 16);
}
