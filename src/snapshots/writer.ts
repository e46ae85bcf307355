import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputError } from '../core/errors.js';
import type { CapturedSnapshot } from './capture.js';
import { sealSnapshot } from './seal.js';

/** Test hook: the writing process kills itself (SIGKILL) once this many bytes of the file are written. */
export interface WriteFault {
  killAtByte: number;
}

/**
 * Seals a captured snapshot and writes it to `path` atomically: a temp file in the same folder, fsync, rename
 * over `path`, fsync of the folder. A crash at any point leaves either the old file or the new one. Returns the
 * world hash recorded. Throws InputError for a path that cannot be written (nothing is left behind).
 */
export function writeSnapshotSync(path: string, captured: Omit<CapturedSnapshot, 'header'>, fault?: WriteFault): string {
  const sealed = sealSnapshot(captured);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w');
    let written = 0;
    for (const part of fault ? cut(sealed.parts, fault.killAtByte) : sealed.parts) {
      for (let at = 0; at < part.byteLength;) at += writeSync(fd, part, at);
      written += part.byteLength;
    }
    if (fault && written >= fault.killAtByte) {
      // The fault hook: the bytes so far reach the disk, then the process dies as if the machine went down.
      fsyncSync(fd);
      process.kill(process.pid, 'SIGKILL');
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw pathError(path, err);
  }
  fsyncFolder(dirname(path));
  return sealed.worldHash;
}

/** The parts, cut short after `bytes` bytes in all. */
function cut(parts: Uint8Array[], bytes: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let left = bytes;
  for (const p of parts) {
    if (left <= 0) break;
    out.push(p.subarray(0, Math.min(left, p.byteLength)));
    left -= p.byteLength;
  }
  return out;
}

function fsyncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const PATH_PROBLEMS: Record<string, string> = {
  ENOENT: 'a folder that does not exist',
  ENOTDIR: 'a file where a folder should be',
  EISDIR: 'a directory',
  EACCES: 'no permission to write there',
};

/** A missing folder, a folder in the way or no permission is the caller's path problem: an InputError. */
function pathError(path: string, err: unknown): unknown {
  const found = PATH_PROBLEMS[(err as NodeJS.ErrnoException).code ?? ''];
  if (!found) return err;
  try {
    inputError(path, 'a writable snapshot path in an existing folder', found);
  } catch (input) {
    return input;
  }
}
