import { createHash } from 'node:crypto';
import { align8, CHECKSUM_OFFSET, PREFIX_BYTES, SNAPSHOT_MAGIC } from './format.js';
import type { CapturedSnapshot } from './capture.js';

const encoder = new TextEncoder();

/** A snapshot ready to write: its file bytes in order, and the world hash it recorded. */
export interface SealedSnapshot {
  parts: Uint8Array[];
  worldHash: string;
}

/**
 * Computes the world hash of a captured snapshot (exactly as hashRegistry does on a live registry: each entry's
 * name, then its bytes), writes it into the header, and checksums the body. CPU work on a copy: it may run on any
 * thread while the shard steps on.
 */
export function sealSnapshot(c: Omit<CapturedSnapshot, 'header'>): SealedSnapshot {
  const world = createHash('sha256');
  for (const part of c.hashParts) {
    world.update(encoder.encode(part.name));
    world.update('bytes' in part ? part.bytes : c.arrays.subarray(part.offset, part.offset + part.byteLength));
  }
  const worldHash = world.digest('hex').slice(0, 16);
  const header = new Uint8Array(align8(c.headerJson.length));
  header.set(c.headerJson, 0);
  encoder.encodeInto(worldHash, header.subarray(c.hashAt, c.hashAt + 16));
  const checksum = createHash('sha256').update(header).update(c.arrays).digest();
  const prefix = new Uint8Array(PREFIX_BYTES);
  prefix.set(encoder.encode(SNAPSHOT_MAGIC), 0);
  new DataView(prefix.buffer).setUint32(8, c.headerJson.length, true);
  prefix.set(checksum, CHECKSUM_OFFSET);
  return { parts: [prefix, header, c.arrays], worldHash };
}
