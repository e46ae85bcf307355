import { createHash, webcrypto } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { inputError } from '../core/errors.js';
import { type CapturedSnapshot, snapshotPrefix } from './capture.js';

/** Test hook: the writing process kills itself (SIGKILL) once this many bytes of the file are written. */
export interface WriteFault {
  killAtByte: number;
}

/**
 * Writes a captured snapshot to `path` atomically on this thread: a temp file in the same folder, fsync, rename
 * over `path`, fsync of the folder. A crash at any point leaves either the old file or the new one.
 */
export function writeSnapshotSync(path: string, captured: CapturedSnapshot, fault?: WriteFault): void {
  const checksum = createHash('sha256').update(captured.body).digest();
  const parts = [snapshotPrefix(captured, checksum), captured.body];
  const temp = tempPath(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w');
    let written = 0;
    for (const part of cut(parts, fault)) written += writeSync(fd, part);
    if (fault) killAfter(fd, written, fault);
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
}

/**
 * The same as writeSnapshotSync with the checksum, write and fsyncs off the tick thread (libuv's pool):
 * the caller's thread only starts them.
 */
export async function writeSnapshotFile(path: string, captured: CapturedSnapshot, fault?: WriteFault): Promise<void> {
  const checksum = new Uint8Array(await webcrypto.subtle.digest('SHA-256', captured.body));
  const parts = [snapshotPrefix(captured, checksum), captured.body];
  const temp = tempPath(path);
  const file = await open(temp, 'w').catch((err: unknown) => {
    throw pathError(path, err);
  });
  try {
    let written = 0;
    for (const part of cut(parts, fault)) {
      await file.write(part);
      written += part.byteLength;
    }
    if (fault) killAfter(file.fd, written, fault);
    await file.sync();
    await file.close();
    await rename(temp, path);
  } catch (err) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw pathError(path, err);
  }
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** Hidden temp name beside the target, unique per process. */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** The parts, cut short at the fault's byte offset when there is one. */
function cut(parts: Uint8Array[], fault: WriteFault | undefined): Uint8Array[] {
  if (!fault) return parts;
  const out: Uint8Array[] = [];
  let left = fault.killAtByte;
  for (const p of parts) {
    if (left <= 0) break;
    out.push(p.subarray(0, Math.min(left, p.byteLength)));
    left -= p.byteLength;
  }
  return out;
}

/** The fault hook: the bytes so far reach the disk, then the process dies as if the machine crashed. */
function killAfter(fd: number, written: number, fault: WriteFault): void {
  if (written < fault.killAtByte) return;
  fsyncSync(fd);
  process.kill(process.pid, 'SIGKILL');
}

function fsyncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A missing folder, a folder in the way or no permission is the caller's path problem: an InputError. */
function pathError(path: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  const found: Record<string, string> = {
    ENOENT: 'a folder that does not exist',
    ENOTDIR: 'a file where a folder should be',
    EISDIR: 'a directory',
    EACCES: 'no permission to write there',
  };
  if (code && found[code]) {
    try {
      inputError(path, 'a writable snapshot path in an existing folder', found[code]);
    } catch (input) {
      return input;
    }
  }
  return err;
}
