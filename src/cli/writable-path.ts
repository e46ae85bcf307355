import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inputError } from '../core/errors.js';

/**
 * Checks before a run that `path` (the file an option names) can be written, so a run does not fail at its end
 * after minutes of work. A file that did not exist is not left behind. Throws InputError naming the option.
 */
export function assertWritableFile(option: string, path: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) inputError(option, 'a file path', `${path} (a directory)`);
  const existed = existsSync(path);
  try {
    closeSync(openSync(path, 'a'));
  } catch (err) {
    inputError(option, 'a file path that can be written', `${path} (${reason(err)})`);
  }
  if (!existed) rmSync(path, { force: true });
}

/** Checks before a run that directory `path` exists or can be made, and that files can be written in it. */
export function assertWritableDir(option: string, path: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) inputError(option, 'a directory', `${path} (a file)`);
  const probe = join(path, `.townlet-probe-${process.pid}`);
  try {
    makeDirs(path);
    closeSync(openSync(probe, 'w'));
    rmSync(probe, { force: true });
  } catch (err) {
    inputError(option, 'a directory that can be written', `${path} (${reason(err)})`);
  }
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync never returns for a path under /proc (it retries
 * ENOENT forever), so the missing levels are made one by one and the first failure is reported.
 */
function makeDirs(path: string): void {
  const missing: string[] = [];
  let dir = resolve(path);
  while (!existsSync(dir)) {
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (let i = missing.length - 1; i >= 0; i--) mkdirSync(missing[i]!);
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ?? (err instanceof Error ? err.message : String(err));
}
