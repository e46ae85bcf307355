import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Writes configs/town.yaml with a `telemetry:` section of our own (`telemetry`: its indented lines) into `dir`. */
export function townWith(dir: string, name: string, telemetry: string): string {
  const text = readFileSync('configs/town.yaml', 'utf8').replace(
    'manifest: affordances/core.yaml',
    `manifest: ${resolve('configs/affordances/core.yaml')}`,
  );
  const path = join(dir, name);
  writeFileSync(path, `${text}\ntelemetry:\n${telemetry}\n`);
  return path;
}
