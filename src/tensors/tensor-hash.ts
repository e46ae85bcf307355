import { createHash } from 'node:crypto';
import { observationArrays, type TensorBuffers } from './tensor-buffers.js';

/**
 * Hash of the last tick's observation, reward and mask buffers (16 hex digits of SHA-256 over their bytes, in
 * that order; with uint8 maps the observations are the map tensor, then the feature tensor): the same for inline
 * and worker runs of the same config and seed, so anyone can compare them.
 */
export function hashTensors(b: TensorBuffers): string {
  const hash = createHash('sha256');
  for (const a of [...observationArrays(b), b.rewards, b.masks]) {
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}
