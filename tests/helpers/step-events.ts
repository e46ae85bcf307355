import type { EventRecord, Shard } from '../../src/core/shard.js';

/** Steps once and returns that tick's events of the given kinds (all kinds when none are given). */
export function stepEvents(shard: Shard, ...kinds: string[]): EventRecord[] {
  shard.step();
  const records = shard.eventRecords();
  return kinds.length === 0 ? records : records.filter((e) => kinds.includes(e.kind));
}

/** Steps `ticks` times and collects the events of the given kinds, each with its tick. */
export function collectEvents(shard: Shard, ticks: number, ...kinds: string[]): EventRecord[] {
  const out: EventRecord[] = [];
  for (let i = 0; i < ticks; i++) out.push(...stepEvents(shard, ...kinds));
  return out;
}
