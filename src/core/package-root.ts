import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory of Townlet-TS's package.json, whether running from src/ (tests) or dist/ (the CLI). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the Townlet-TS sources');
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** The manifest shipped with the engine, used when a config names none. */
export function shippedManifestPath(): string {
  return join(packageRoot(), 'configs', 'affordances', 'core.yaml');
}
