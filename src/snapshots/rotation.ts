import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_EXTENSION } from './format.js';

const NAME = /^snapshot-(\d{10})\.tsnap$/;

/** The file name of the periodic snapshot of `tick`: `snapshot-0000000300.tsnap` (names sort by tick). */
export function snapshotFileName(tick: number): string {
  return `snapshot-${String(tick).padStart(10, '0')}${SNAPSHOT_EXTENSION}`;
}

/** Periodic snapshots in `dir`, newest (highest tick) first. */
export function listSnapshots(dir: string): { tick: number; path: string }[] {
  const out: { tick: number; path: string }[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (m) out.push({ tick: Number(m[1]), path: join(dir, name) });
  }
  return out.sort((a, b) => b.tick - a.tick);
}

/** Deletes all but the newest `keep` periodic snapshots in `dir` (other files are left alone). */
export function keepNewest(dir: string, keep: number): void {
  for (const old of listSnapshots(dir).slice(keep)) rmSync(old.path, { force: true });
}
