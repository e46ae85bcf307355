import type { ShardState } from '../core/shard-state.js';
import type { StateArray } from '../core/state-registry.js';
import { hashRegistry } from '../core/world-hash.js';
import {
  align8,
  type ArrayTypeName,
  CHECKSUM_OFFSET,
  layoutDigest,
  PREFIX_BYTES,
  SNAPSHOT_MAGIC,
  SNAPSHOT_SCHEMA_VERSION,
  type SnapshotEntry,
  type SnapshotHeader,
} from './format.js';

/** A shard's state copied out at a tick boundary: the file's body (header and arrays), not yet checksummed. */
export interface CapturedSnapshot {
  readonly header: SnapshotHeader;
  /** Everything after the prefix: the padded header JSON, then the array section. */
  readonly body: Uint8Array;
  /** Bytes of the header JSON before its padding. */
  readonly headerLength: number;
}

/**
 * Copies the registry of `s` into one buffer: block states into the JSON header, typed arrays byte for byte.
 * This is the only part of a save that runs on the tick thread; checksum and write can follow later.
 * `extra` is the section outside the world hash.
 */
export function captureSnapshot(s: ShardState, extra: Record<string, unknown> = {}): CapturedSnapshot {
  const manifest = s.manifest.current;
  if (manifest.text === undefined) throw new Error(`snapshot: the manifest in force (${manifest.path}) has no text`);
  const entries: SnapshotEntry[] = [];
  const arrays: StateArray[] = [];
  let arrayBytes = 0;
  s.registry.forEach((name, array, block) => {
    if (array) {
      entries.push({ name, type: array.constructor.name as ArrayTypeName, length: array.length, offset: arrayBytes });
      arrays.push(array);
      arrayBytes = align8(arrayBytes + array.byteLength);
    } else if (block) {
      entries.push({ name, type: 'block', state: block.exportState() });
    }
  });
  const header: SnapshotHeader = {
    format: 'townlet-snapshot',
    schema_version: SNAPSHOT_SCHEMA_VERSION,
    endianness: 'little',
    tick: s.clock[0]!,
    config_id: s.config.config_id,
    observation_variant: s.config.features.systems.observations,
    world_hash: hashRegistry(s.registry),
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
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  // The array section starts 8-aligned in the file (the prefix is 48 bytes), so readers can view it in place.
  const headerBytes = align8(json.length);
  const body = new Uint8Array(headerBytes + arrayBytes);
  body.set(json, 0);
  let i = 0;
  for (const e of entries) {
    if (e.type === 'block') continue;
    const a = arrays[i++]!;
    body.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), headerBytes + e.offset);
  }
  return { header, body, headerLength: json.length };
}

/** The file prefix of a captured snapshot, given the SHA-256 of its body. */
export function snapshotPrefix(captured: CapturedSnapshot, checksum: Uint8Array): Uint8Array {
  const prefix = new Uint8Array(PREFIX_BYTES);
  prefix.set(Buffer.from(SNAPSHOT_MAGIC, 'latin1'), 0);
  new DataView(prefix.buffer).setUint32(8, captured.headerLength, true);
  prefix.set(checksum, CHECKSUM_OFFSET);
  return prefix;
}
