import type { ShardState } from '../core/shard-state.js';

/** Participants drawn for an agent-targeting event: they are s.scratch[0 .. count − 1], ascending. */
export interface Draw {
  bucket: number;
  count: number;
  /** The participant the meeting point is chosen for (random draw: the lowest id; nearby: the one drawn). */
  seed: number;
}

/** The fairness bucket of agent slot `eid`: (eid − 1) mod K, so slots are spread evenly and for good. */
export function bucketOf(eid: number, buckets: number): number {
  return (eid - 1) % buckets;
}

/**
 * Draws up to `max` participants for an agent-targeting event at `tick` (reads perturbation buckets, cooldowns
 * and assignments, life.alive; draws from the events stream; writes s.scratch only). Buckets are tried in the
 * order: fewest events so far, then least recently affected (lowest last event id), then lowest index. In a
 * bucket, the eligible agents are the live ones not on cooldown and not already assigned; with at least two, up
 * to `max` are drawn uniformly (a partial Fisher–Yates shuffle) and the bucket is chosen. Null when no bucket has
 * two eligible agents. With `nearby`, only the first participant is drawn; the others are the eligible agents of
 * the same bucket nearest to it (Manhattan distance, ties by lower id), so a meeting gathers neighbours rather
 * than agents from every corner of a large town. Commits nothing: the caller counts the event on the bucket
 * (commitDraw) if it goes ahead.
 */
export function drawParticipants(s: ShardState, max: number, tick: number, nearby = false): Draw | null {
  const p = s.perturbations;
  const k = p.bucketEvents.length;
  const order = Array.from({ length: k }, (_, b) => b);
  order.sort((a, b) => p.bucketEvents[a]! - p.bucketEvents[b]! || p.bucketLast[a]! - p.bucketLast[b]! || a - b);
  const pool = s.scratch;
  const { alive } = s.life;
  const capacity = s.layout.capacity;
  for (const b of order) {
    let n = 0;
    for (let eid = b + 1; eid <= capacity; eid += k) {
      if (alive[eid] === 1 && p.agentCooldownUntil[eid]! <= tick && p.meetEvent[eid] === 0) pool[n++] = eid;
    }
    if (n < 2) continue;
    const take = Math.min(max, n);
    if (nearby) return gatherNearby(s, b, n, take);
    for (let i = 0; i < take; i++) {
      const j = i + s.rng.events.int(0, n - 1 - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
    }
    pool.subarray(0, take).sort();
    return { bucket: b, count: take, seed: pool[0]! };
  }
  return null;
}

/** The nearby draw over the n eligible agents in s.scratch: a random first one and its take − 1 nearest. */
function gatherNearby(s: ShardState, bucket: number, n: number, take: number): Draw {
  const pool = s.scratch;
  const seed = pool[s.rng.events.int(0, n - 1)]!;
  const sx = s.positions.x[seed]!;
  const sy = s.positions.y[seed]!;
  // One allocation per meeting (not per tick): distance in the high bits, entity id in the low 21 bits.
  const keys = new Float64Array(n - 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const eid = pool[i]!;
    if (eid === seed) continue;
    const d = Math.abs(s.positions.x[eid]! - sx) + Math.abs(s.positions.y[eid]! - sy);
    keys[m++] = d * 0x200000 + eid;
  }
  keys.sort();
  pool[0] = seed;
  for (let i = 1; i < take; i++) pool[i] = keys[i - 1]! % 0x200000;
  pool.subarray(0, take).sort();
  return { bucket, count: take, seed };
}

/** Counts event `id` on its bucket (perturbations.bucketEvents, bucketLast). */
export function commitDraw(s: ShardState, draw: Draw, id: number): void {
  s.perturbations.bucketEvents[draw.bucket]! += 1;
  s.perturbations.bucketLast[draw.bucket] = id;
}
