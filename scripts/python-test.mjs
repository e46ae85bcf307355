#!/usr/bin/env node
// `npm run test:python`: builds python/.venv from python/requirements.lock once per lock hash (a stamp file in the
// venv records it), rebuilds dist/ when a TypeScript source is newer than it (the env server runs the built
// CLI), then runs pytest on python/tests. Extra arguments go to pytest. TOWNLET_PYTEST_JUNIT=<file> adds a JUnit
// XML report (CI sums its counts). pytest's exit code 5 (no tests collected) is a failure here.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const py = join(root, 'python');
const venv = join(py, '.venv');
const venvPython = join(venv, 'bin', 'python');
const stamp = join(venv, '.townlet-lock-hash');

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

function ensureVenv() {
  const hash = createHash('sha256');
  for (const f of ['requirements.lock', 'pyproject.toml']) hash.update(readFileSync(join(py, f)));
  const want = hash.digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want && existsSync(venvPython)) return;
  process.stdout.write(`python/.venv: building from python/requirements.lock (${want.slice(0, 12)})\n`);
  rmSync(venv, { recursive: true, force: true });
  run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
  // --retries 0: this machine resolves from the wheels it carries; the public index does not answer.
  run(venvPython, ['-m', 'pip', 'install', '-q', '--retries', '0', '-r', join(py, 'requirements.lock')]);
  run(venvPython, ['-m', 'pip', 'install', '-q', '--retries', '0', '--no-deps', '--no-build-isolation', '-e', py]);
  writeFileSync(stamp, `${want}\n`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const entry = join(root, 'dist', 'src', 'cli', 'entry.js');
  const sources = Math.max(...['src', 'systems', 'components'].map((d) => newestMtime(join(root, d))));
  if (existsSync(entry) && statSync(entry).mtimeMs >= sources) return;
  process.stdout.write('dist/ is missing or older than the sources: building\n');
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
}

ensureVenv();
ensureBuilt();
const junit = process.env.TOWNLET_PYTEST_JUNIT;
const args = ['-m', 'pytest', join(py, 'tests'), '-q', ...(junit ? [`--junitxml=${junit}`] : []), ...process.argv.slice(2)];
const r = spawnSync(venvPython, args, { cwd: root, stdio: 'inherit' });
if (r.status === 5) {
  process.stderr.write('test:python: pytest collected no tests — a broken collection, not a pass\n');
  process.exit(1);
}
process.exit(r.status ?? 1);
