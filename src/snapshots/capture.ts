import type { ShardState } from '../core/shard-state.js';
import type { StateArray } from '../core/state-registry.js';
import {
  align8,
  type ArrayTypeName,
  layoutDigest,
  SNAPSHOT_SCHEMA_VERSION,
  type SnapshotEntry,
  type SnapshotHeader,
} from './format.js';

/** What the world hash reads of one registry entry: its name, then its bytes (in the array section, or copied). */
export type HashPart = { name: string; offset: number; byteLength: number } | { name: string; bytes: Uint8Array };

/**
 * A shard's state copied out at a tick boundary, before the world hash and checksum are computed (which the
 * writer does, possibly on another thread). Everything in it is a copy: the shard may step on at once.
 */
export interface CapturedSnapshot {
  readonly header: SnapshotHeader;
  /** The header as UTF-8 JSON, with WORLD_HASH_PLACEHOLDER where the world hash goes. */
  readonly headerJson: Uint8Array;
  /** Byte offset of the placeholder's 16 digits in headerJson. */
  readonly hashAt: number;
  /** The array section: every registered array's bytes at its entry's offset. */
  readonly arrays: Uint8Array;
  /** The world hash's input, entry by entry in registration order. */
  readonly hashParts: HashPart[];
}

/** Stands in for the world hash in a captured header until the writer computes it (same length). */
export const WORLD_HASH_PLACEHOLDER = '0000000000000000';

/**
 * Copies the registry of `s`: block states into the JSON header, typed arrays byte for byte into one buffer
 * (`reuse` when it is large enough: periodic saves keep one, so no fresh pages are touched per save). This is the
 * only part of a save that must run on the tick thread. `extra` is the section outside the world hash.
 */
export function captureSnapshot(
  s: ShardState,
  extra: Record<string, unknown> = {},
  reuse?: SharedArrayBuffer,
): CapturedSnapshot {
  const manifest = s.manifest.current;
  if (manifest.text === undefined) throw new Error(`snapshot: the manifest in force (${manifest.path}) has no text`);
  const entries: SnapshotEntry[] = [];
  const sources: StateArray[] = [];
  const hashParts: HashPart[] = [];
  let arrayBytes = 0;
  s.registry.forEach((name, array, block) => {
    if (array) {
      entries.push({ name, type: array.constructor.name as ArrayTypeName, length: array.length, offset: arrayBytes });
      hashParts.push({ name, offset: arrayBytes, byteLength: array.byteLength });
      sources.push(array);
      arrayBytes = align8(arrayBytes + array.byteLength);
    } else if (block) {
      entries.push({ name, type: 'block', state: block.exportState() });
      const chunks: Uint8Array[] = [];
      block.hashInto((bytes) => chunks.push(bytes.slice()));
      hashParts.push({ name, bytes: Buffer.concat(chunks) });
    }
  });
  const target = reuse && reuse.byteLength >= arrayBytes ? reuse : new SharedArrayBuffer(arrayBytes);
  const arrays = new Uint8Array(target, 0, arrayBytes);
  for (let i = 0, k = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.type === 'block') continue;
    const a = sources[k++]!;
    arrays.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), e.offset);
  }
  const header: SnapshotHeader = {
    format: 'townlet-snapshot',
    schema_version: SNAPSHOT_SCHEMA_VERSION,
    endianness: 'little',
    tick: s.clock[0]!,
    config_id: s.config.config_id,
    observation_variant: s.config.features.systems.observations,
    world_hash: WORLD_HASH_PLACEHOLDER,
    layout_digest: layoutDigest(s.registry.layout()),
    capacity: s.layout.capacity,
    live_agents: s.live.count(s.life.alive),
    tensors: s.tensors !== undefined,
    config: s.config as unknown as Record<string, unknown>,
    manifest: { path: manifest.path, checksum: manifest.checksum, text: manifest.text },
    entries,
    array_bytes: arrayBytes,
    extra,
  };
  const json = JSON.stringify(header);
  // world_hash precedes every free-text field, so its first occurrence is the key itself.
  const at = json.indexOf(`"world_hash":"${WORLD_HASH_PLACEHOLDER}"`) + '"world_hash":"'.length;
  return {
    header,
    headerJson: Buffer.from(json, 'utf8'),
    hashAt: Buffer.byteLength(json.slice(0, at), 'utf8'),
    arrays,
    hashParts,
  };
}
