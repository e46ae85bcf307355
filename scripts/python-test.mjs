#!/usr/bin/env node
// `npm run test:python`: makes sure python/.venv matches python/requirements.lock (scripts/python-venv.mjs),
// rebuilds dist/ when a TypeScript source is newer than it (the env server runs the built CLI), then runs pytest on
// python/tests, leaving out python/tests/slow; with --slow (`npm run test:slow`) only python/tests/slow. Other
// arguments go to pytest. TOWNLET_PYTEST_JUNIT=<file> adds a JUnit XML report (CI sums its
// counts). pytest's exit code 5 (no tests collected) is a failure here, not a pass.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVenv } from './python-venv.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

const venvPython = ensureVenv();
ensureBuilt();
const junit = process.env.TOWNLET_PYTEST_JUNIT;
const tests = join(root, 'python', 'tests');
const slow = process.argv.includes('--slow');
const extra = process.argv.slice(2).filter((a) => a !== '--slow');
const args = [
  '-m', 'pytest', ...(slow ? [join(tests, 'slow')] : [tests, `--ignore=${join(tests, 'slow')}`]), '-q',
  ...(junit ? [`--junitxml=${junit}`] : []), ...extra,
];
const r = spawnSync(venvPython, args, { cwd: root, stdio: 'inherit' });
if (r.status === 5) {
  process.stderr.write('test:python: pytest collected no tests — a broken collection, not a pass\n');
  process.exit(1);
}
process.exit(r.status ?? 1);
