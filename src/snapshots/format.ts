import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EntryLayout } from '../core/state-registry.js';

/**
 * The snapshot file layout (docs/SNAPSHOTS.md):
 *   0   8 bytes  magic "TWNLSNAP"
 *   8   4 bytes  header length in bytes (uint32, little-endian)
 *   12  4 bytes  zero
 *   16  32 bytes SHA-256 of everything from byte 48 to the end (the body)
 *   48  header   UTF-8 JSON (SnapshotHeader), zero-padded to a multiple of 8
 *   …   arrays   every registered typed array's bytes, each at an offset (from the array section's start) that
 *                is a multiple of 8, in registration order
 */
export const SNAPSHOT_MAGIC = 'TWNLSNAP';
/** Bytes before the header: magic, header length, reserved word, checksum. */
export const PREFIX_BYTES = 48;
/** Byte offset of the checksum inside the prefix. */
export const CHECKSUM_OFFSET = 16;
/** The header schema version this build writes and the newest it reads. */
export const SNAPSHOT_SCHEMA_VERSION = 1;
/** File name extension of snapshots. */
export const SNAPSHOT_EXTENSION = '.tsnap';

/** Element types the array section may hold, by the typed array constructor name. */
export const ARRAY_TYPES = {
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
export type ArrayTypeName = keyof typeof ARRAY_TYPES;
const arrayTypeNames = Object.keys(ARRAY_TYPES) as [ArrayTypeName, ...ArrayTypeName[]];

const arrayEntrySchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(arrayTypeNames),
  length: z.int().nonnegative(),
  /** Byte offset from the start of the array section. */
  offset: z.int().nonnegative(),
});
const blockEntrySchema = z.strictObject({
  name: z.string().min(1),
  type: z.literal('block'),
  /** The block's exportState. */
  state: z.unknown(),
});
/** One registry entry of a snapshot: an array in the array section, or a block's state inline. */
export type SnapshotEntry = z.infer<typeof arrayEntrySchema> | z.infer<typeof blockEntrySchema>;

/** The JSON header of a snapshot file. */
export const snapshotHeaderSchema = z.strictObject({
  format: z.literal('townlet-snapshot'),
  schema_version: z.int().positive(),
  /** Little-endian only: the arrays are written as they are in memory. */
  endianness: z.literal('little'),
  tick: z.int().nonnegative(),
  config_id: z.string(),
  observation_variant: z.string(),
  /** World hash (Shard.hash) at save time: a restored shard must hash the same. */
  world_hash: z.string().regex(/^[0-9a-f]{16}$/),
  /** Digest of the registry's names, types and lengths: another build's layout is refused. */
  layout_digest: z.string().regex(/^[0-9a-f]{16}$/),
  capacity: z.int().positive(),
  live_agents: z.int().nonnegative(),
  /** Whether the shard kept tensors (their bookkeeping is then part of the registry). */
  tensors: z.boolean(),
  /** The resolved config the shard ran with: a snapshot alone can be resumed. */
  config: z.record(z.string(), z.unknown()),
  manifest: z.strictObject({ path: z.string(), checksum: z.string(), text: z.string() }),
  /** Every registry entry in registration order. */
  entries: z.array(z.union([arrayEntrySchema, blockEntrySchema])),
  /** Bytes of the array section. */
  array_bytes: z.int().nonnegative(),
  /** Outside the world hash: state later features keep (console idempotency cache, audit head, pause latches). */
  extra: z.record(z.string(), z.unknown()),
});
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;

/** 16 hex digits of SHA-256 over the registry layout: equal layouts, equal digests. */
export function layoutDigest(layout: readonly EntryLayout[]): string {
  const text = layout.map((e) => `${e.name}:${e.type}:${e.length}`).join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The registry layout a header describes. */
export function headerLayout(h: SnapshotHeader): EntryLayout[] {
  return h.entries.map((e) => ({ name: e.name, type: e.type, length: e.type === 'block' ? 0 : e.length }));
}

/** Rounds up to a multiple of 8 (array offsets stay aligned for every element type). */
export function align8(n: number): number {
  return (n + 7) & ~7;
}
