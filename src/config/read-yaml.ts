import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { inputError } from '../core/errors.js';

/** Largest YAML file we accept; configs and manifests are a few KiB. */
const MAX_BYTES = 8 * 1024 * 1024;
/** Deepest nesting we accept; real configs nest 4 levels. */
const MAX_DEPTH = 32;

/**
 * Reads a YAML file that must hold a mapping (or, with `top: 'list'`, a list). Every failure is an InputError
 * naming the file: missing, a directory, too large, empty, not UTF-8, YAML syntax, wrong top-level kind, too deep.
 */
export function readYamlFile(path: string, top: 'mapping' | 'list' = 'mapping'): unknown {
  return readYamlFileWithBytes(path, top).value;
}

/** readYamlFile, also returning the raw bytes that were parsed (for checksums). */
export function readYamlFileWithBytes(path: string, top: 'mapping' | 'list' = 'mapping'): { value: unknown; bytes: Buffer } {
  const bytes = readBytes(path);
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    inputError(path, `a YAML ${top}`, 'an empty file');
  }
  if (!isUtf8(bytes)) {
    inputError(path, 'UTF-8 text', `bytes that are not UTF-8 at offset ${firstInvalidUtf8Offset(bytes)}`);
  }
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const at = pos ? `:${pos.line}:${pos.col}` : '';
      inputError(`${path}${at}`, 'valid YAML', error.message.split('\n')[0] ?? 'a syntax error');
    }
    value = doc.toJS({ maxAliasCount: 64 });
  } catch (err) {
    if (err instanceof RangeError)
      inputError(path, `YAML nested at most ${MAX_DEPTH} levels`, 'deeper nesting');
    // The yaml library refuses alias bombs ("excessive alias count") with a ReferenceError.
    if (err instanceof ReferenceError)
      inputError(path, 'YAML with at most 64 alias expansions', err.message.split('\n')[0] ?? 'too many aliases');
    throw err;
  }
  if (depthExceeds(value, MAX_DEPTH))
    inputError(path, `YAML nested at most ${MAX_DEPTH} levels`, 'deeper nesting');
  const isList = Array.isArray(value);
  const isMapping = value !== null && typeof value === 'object' && !isList;
  if (top === 'mapping' && !isMapping)
    inputError(path, 'a YAML mapping at the top level', describeValue(value));
  if (top === 'list' && !isList) inputError(path, 'a YAML list at the top level', describeValue(value));
  return { value, bytes };
}

function readBytes(path: string): Buffer {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) inputError(path, 'a file', 'a directory');
    // A FIFO or a device would block the read (or never end): only regular files are read.
    if (!stat.isFile()) inputError(path, 'a regular file', 'a pipe, socket or device');
    if (stat.size > MAX_BYTES) inputError(path, `a file of at most ${MAX_BYTES} bytes`, `${stat.size} bytes`);
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') inputError(path, 'an existing file', 'no such file');
    if (code === 'EACCES') inputError(path, 'a readable file', 'permission denied');
    // Any other file-system refusal (a symlink loop, a path through a file, …) is still the path's fault.
    if (typeof code === 'string') inputError(path, 'a readable file', `the file system's ${code}: ${(err as Error).message}`);
    throw err;
  }
}

/** Byte offset where the first malformed UTF-8 sequence starts (the file is known to contain one). */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    // Validate the whole sequence (continuations, overlongs, surrogates) with the platform's own check.
    if (length > 1 && !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

function depthExceeds(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A short description of a found value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'number' ? (Number.isInteger(value) ? 'the integer' : 'the number') : `the ${typeof value}`} ${String(value)}`;
}
