#!/usr/bin/env node
// Builds python/.venv from python/requirements.lock once per lock hash (a stamp file in the venv records the hash
// of the lock and pyproject.toml): `node scripts/python-venv.mjs`. scripts/python-test.mjs and the bridge benchmark
// call ensureVenv() before they run Python.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const py = join(root, 'python');
const venv = join(py, '.venv');
/** The venv's interpreter. */
export const venvPython = join(venv, 'bin', 'python');
const stamp = join(venv, '.townlet-lock-hash');

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

/** Builds python/.venv unless its stamp matches the lock; returns the venv's interpreter. */
export function ensureVenv() {
  const hash = createHash('sha256');
  for (const f of ['requirements.lock', 'pyproject.toml']) hash.update(readFileSync(join(py, f)));
  const want = hash.digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want && existsSync(venvPython)) return venvPython;
  process.stdout.write(`python/.venv: building from python/requirements.lock (${want.slice(0, 12)})\n`);
  rmSync(venv, { recursive: true, force: true });
  run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
  // --retries 0: this machine resolves from the wheels it carries; the public index does not answer.
  run(venvPython, ['-m', 'pip', 'install', '-q', '--retries', '0', '-r', join(py, 'requirements.lock')]);
  run(venvPython, ['-m', 'pip', 'install', '-q', '--retries', '0', '--no-deps', '--no-build-isolation', '-e', py]);
  writeFileSync(stamp, `${want}\n`);
  return venvPython;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureVenv();
