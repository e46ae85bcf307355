import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { InputError, inputError } from '../core/errors.js';
import type { StateArray } from '../core/state-registry.js';
import {
  align8,
  ARRAY_TYPES,
  CHECKSUM_OFFSET,
  PREFIX_BYTES,
  SNAPSHOT_MAGIC,
  SNAPSHOT_SCHEMA_VERSION,
  type SnapshotHeader,
  snapshotHeaderSchema,
} from './format.js';

/** A snapshot file read and checked: its header and a typed view of each array (over the file's bytes). */
export interface DecodedSnapshot {
  path: string;
  header: SnapshotHeader;
  /** Arrays by registry name. */
  arrays: Map<string, StateArray>;
  /** Size of the file in bytes. */
  fileBytes: number;
}

/**
 * Reads and checks a snapshot file: it must exist and be a file, start with the magic, carry a checksum that
 * matches its body, a header that fits the schema (of this version or older) and arrays inside the file.
 * Throws InputError naming the file and what differs; reads only.
 */
export function readSnapshot(path: string): DecodedSnapshot {
  const bytes = readBytes(path);
  if (bytes.length === 0) inputError(path, 'a snapshot file', 'an empty file');
  if (bytes.length < PREFIX_BYTES || latin1(bytes, 0, 8) !== SNAPSHOT_MAGIC) {
    inputError(path, `a snapshot file (starting with "${SNAPSHOT_MAGIC}")`, `${bytes.length} bytes of something else`);
  }
  const recorded = Buffer.from(bytes.buffer, bytes.byteOffset + CHECKSUM_OFFSET, 32).toString('hex');
  const actual = createHash('sha256').update(bytes.subarray(PREFIX_BYTES)).digest('hex');
  if (recorded !== actual) {
    inputError(`${path}: checksum`, `SHA-256 ${recorded} of the body`, `${actual} (a truncated or edited file)`);
  }
  const prefix = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES);
  if (prefix.getUint32(12, true) !== 0) {
    inputError(`${path}: prefix`, 'a zero reserved word at byte 12', `0x${prefix.getUint32(12, true).toString(16)}`);
  }
  const headerLength = prefix.getUint32(8, true);
  if (PREFIX_BYTES + headerLength > bytes.length) {
    inputError(`${path}: header length`, `at most ${bytes.length - PREFIX_BYTES} bytes`, String(headerLength));
  }
  const header = parseHeader(path, bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength));
  const start = PREFIX_BYTES + align8(headerLength);
  if (start + header.array_bytes !== bytes.length) {
    inputError(`${path}: array_bytes`, `${bytes.length - start} (the rest of the file)`, String(header.array_bytes));
  }
  return { path, header, arrays: viewArrays(path, header, bytes, start), fileBytes: bytes.length };
}

function readBytes(path: string): Uint8Array {
  let raw: Buffer;
  try {
    if (statSync(path).isDirectory()) inputError(path, 'a snapshot file', 'a directory');
    raw = readFileSync(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'an error';
    inputError(path, 'a readable snapshot file', code === 'ENOENT' ? 'no such file' : code);
  }
  // Views of every element type need an 8-aligned start: copy in the rare case the read buffer is not.
  return raw.byteOffset % 8 === 0 ? raw : new Uint8Array(raw);
}

function parseHeader(path: string, bytes: Uint8Array): SnapshotHeader {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (err) {
    inputError(`${path}: header`, 'JSON', (err as Error).message);
  }
  const version = (json as { schema_version?: unknown } | null)?.schema_version;
  if (typeof version === 'number' && version > SNAPSHOT_SCHEMA_VERSION) {
    inputError(
      `${path}: schema_version`,
      `a snapshot schema version this build reads (≤ ${SNAPSHOT_SCHEMA_VERSION})`,
      `${version} (written by a newer build)`,
    );
  }
  const result = snapshotHeaderSchema.safeParse(json);
  if (!result.success) {
    throw new InputError(
      result.error.issues.slice(0, 5).map((i) => ({
        where: `${path}: header.${i.path.join('.')}`,
        expected: 'a snapshot header field of this schema',
        found: i.message,
      })),
    );
  }
  return result.data;
}

function viewArrays(path: string, h: SnapshotHeader, bytes: Uint8Array, start: number): Map<string, StateArray> {
  const arrays = new Map<string, StateArray>();
  for (const e of h.entries) {
    if (e.type === 'block') continue;
    const Type = ARRAY_TYPES[e.type];
    const size = e.length * Type.BYTES_PER_ELEMENT;
    if (e.offset % 8 !== 0 || e.offset + size > h.array_bytes) {
      inputError(`${path}: ${e.name}`, `${size} bytes at an 8-aligned offset inside the array section`, `offset ${e.offset}`);
    }
    arrays.set(e.name, new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + start + e.offset, e.length));
  }
  return arrays;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
}
