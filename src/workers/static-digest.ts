import { createHash } from 'node:crypto';
import type { ShardState } from '../core/shard-state.js';

/**
 * A digest of what a worker thread rebuilds from the config instead of receiving: the entity layout, the map's
 * size, the tile → object index, the object type names, the jobs (shift windows, penalties, work fields), the
 * workplaces and the kitchens' meal keys. The main thread and each worker compute it; a difference stops the
 * worker at start-up, before it writes a row.
 */
export function staticDigest(s: ShardState): string {
  const hash = createHash('sha256');
  const text = (v: unknown) => hash.update(JSON.stringify(v)).update('\0');
  const bytes = (a: ArrayBufferView) => hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  text([s.layout, s.grid.width, s.grid.height, s.jobIds, s.objectTypes.exportState()]);
  bytes(s.objectIndex);
  bytes(s.jobs.start);
  bytes(s.jobs.end);
  bytes(s.jobs.latenessPenalty);
  for (const field of s.jobs.fields) bytes(field);
  for (const rows of s.workplacesByJob) bytes(rows);
  bytes(s.social.mealKey);
  return hash.digest('hex').slice(0, 16);
}
