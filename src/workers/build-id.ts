import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../core/package-root.js';

/** The folders whose sources make up the engine a worker thread runs. */
const SOURCE_DIRS = ['src', 'systems', 'components'];
/** Written next to the compiled code by `npm run build`: the digest of the sources it was compiled from. */
const BUILD_ID_FILE = join('dist', 'build-id.json');

let cached: string | undefined;

/**
 * The digest of the TypeScript sources the running code comes from. Compiled code (dist/) reads the digest its
 * build recorded; code run straight from the sources (vitest) hashes them. Worker threads always load dist/, so a
 * pool compares the two at start-up: a stale build refuses to start instead of silently changing results.
 */
export function runningBuildId(): string {
  if (cached) return cached;
  cached = runsFromDist() ? recordedBuildId() : sourceDigest(packageRoot());
  return cached;
}

/**
 * Throws unless the running code (`own`) and what worker threads would run (`recorded`) come from the same
 * sources: a stale dist/ must stop the pool at start-up, not change results.
 */
export function assertWorkerBuild(own: string, recorded: string): void {
  if (own === recorded) return;
  throw new Error(
    `worker threads would run dist/ built from other sources (build ${recorded}) than this code (${own}): ` +
    'run `npm run build`',
  );
}

/** The digest `npm run build` recorded in dist/build-id.json (what worker threads run). */
export function recordedBuildId(): string {
  const path = join(packageRoot(), BUILD_ID_FILE);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\``);
  return (JSON.parse(readFileSync(path, 'utf8')) as { source_digest: string }).source_digest;
}

/** SHA-256 over every .ts file of the engine's source folders (relative path and bytes, in sorted order). */
export function sourceDigest(root: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(join(root, dir));
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(root, f).split(sep).join('/')).sort()) {
    hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Records the digest of the sources in dist/build-id.json (the last step of `npm run build`). */
export function writeBuildId(root: string = packageRoot()): string {
  const digest = sourceDigest(root);
  writeFileSync(join(root, BUILD_ID_FILE), `${JSON.stringify({ source_digest: digest })}\n`);
  return digest;
}

function runsFromDist(): boolean {
  const here = relative(packageRoot(), fileURLToPath(import.meta.url));
  return here.split(sep)[0] === 'dist';
}
