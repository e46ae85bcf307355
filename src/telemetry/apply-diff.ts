import type { DiffPayload, FlatDiff, KeyedDiff, SnapshotPayload, WorldSection } from './payload-schemas.js';

/**
 * Applies a diff payload to the snapshot before it and returns the next snapshot (the input is not changed).
 * A consumer that applies every diff to the first snapshot holds the same state as a fresh snapshot would give:
 * tests/telemetry-diff.test.ts checks it with generated worlds.
 */
export function applyDiff(snapshot: SnapshotPayload, diff: DiffPayload): SnapshotPayload {
  const world = { ...snapshot.world };
  for (const [section, change] of Object.entries(diff.world ?? {})) {
    if (change) world[section as WorldSection] = applyFlat(world[section as WorldSection], change);
  }
  return {
    ...snapshot,
    tick: diff.tick,
    agents_tick: diff.agents_tick ?? snapshot.agents_tick,
    agents: diff.agents ? (applyKeyed(snapshot.agents, diff.agents) as SnapshotPayload['agents']) : snapshot.agents,
    objects: diff.objects ? (applyKeyed(snapshot.objects, diff.objects) as SnapshotPayload['objects']) : snapshot.objects,
    world,
  };
}

function applyKeyed(base: Record<string, object>, change: KeyedDiff): Record<string, object> {
  const out: Record<string, object> = { ...base };
  for (const key of change.removed ?? []) delete out[key];
  for (const [key, fields] of Object.entries(change.set ?? {})) out[key] = { ...out[key], ...fields };
  return out;
}

function applyFlat(base: Record<string, unknown>, change: FlatDiff): Record<string, unknown> {
  const out = { ...base };
  for (const key of change.removed ?? []) delete out[key];
  Object.assign(out, change.set ?? {});
  return out;
}
