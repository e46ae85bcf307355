import type { Shard } from '../core/shard.js';

/**
 * The shard's names the encoder needs besides the frames (object ids, types and places, job and affordance
 * names), as plain arrays: they cross to the encoder's worker thread by structured clone.
 */
export interface EncoderTables {
  capacity: number;
  objectIds: string[];
  objectTypes: string[];
  objectX: number[];
  objectY: number[];
  jobIds: string[];
  affordanceIds: string[];
}

/** Reads the tables of a shard (at attach, and again after a manifest reload). */
export function encoderTables(shard: Shard): EncoderTables {
  const s = shard.state;
  const rows = s.objects.type.length;
  const objectIds: string[] = [];
  const objectTypes: string[] = [];
  for (let row = 0; row < rows; row++) {
    objectIds.push(s.objectIds.get(row));
    objectTypes.push(s.objectTypes.name(s.objects.type[row]!));
  }
  return {
    capacity: s.layout.capacity,
    objectIds,
    objectTypes,
    objectX: Array.from(s.objects.x),
    objectY: Array.from(s.objects.y),
    jobIds: [...s.jobIds],
    affordanceIds: [...s.manifest.table.ids],
  };
}
