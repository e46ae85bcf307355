import { describe, expect, it } from 'vitest';
import type { TownConfigInput } from '../src/config/schema.js';
import { createShard } from '../src/core/shard.js';
import { meetingField } from '../src/perturbations/meeting.js';
import { scene } from './helpers/scene.js';

type Tile = [number, number];

/** `n` agents a1..an (slot i = agent ai) along row 1 and down, needs met and not decaying; a bench at (18, 8). */
function meetScene(n: number, perturbations: NonNullable<TownConfigInput['perturbations']>) {
  return createShard(
    scene({
      width: 20,
      height: 10,
      objects: [{ id: 'bench', type: 'bench', position: [18, 8] }],
      agents: Array.from({ length: n }, (_, i) => ({
        id: `a${i + 1}`,
        position: [1 + (i % 16), 1 + Math.floor(i / 16)] as Tile,
        needs: { hunger: 1, hygiene: 1, energy: 1 },
      })),
      over: {
        ticks_per_day: 1,
        nightly_reset: { enabled: false },
        behavior: { chat_interval_ticks: 0 },
        perturbations,
      },
    }),
  );
}

describe('fairness buckets', () => {
  it('spread arranged meets over the buckets: counts differ by at most one, participants share a bucket', () => {
    const K = 8;
    const shard = meetScene(24, {
      max_concurrent_events: 3,
      global_cooldown_ticks: 0,
      per_agent_cooldown_ticks: 0,
      max_events_per_window: 0,
      fairness_buckets: K,
      events: { meet: { kind: 'arranged_meet', prob_per_day: 0.5, duration: [2, 6], location: 'bench' } },
    });
    const participants = new Map<number, number[]>();
    for (let t = 0; t < 600; t++) {
      shard.step();
      for (const e of shard.eventRecords()) {
        if (e.kind !== 'meet_assigned') continue;
        const eid = Number(e.agent!.slice(1));
        participants.set(e.other, [...(participants.get(e.other) ?? []), eid]);
      }
      const counts = Array.from(shard.state.perturbations.bucketEvents);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    const counts = Array.from(shard.state.perturbations.bucketEvents);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(participants.size);
    expect(participants.size).toBeGreaterThan(100);
    for (const eids of participants.values()) {
      expect(eids.length).toBe(2);
      expect(new Set(eids.map((eid) => (eid - 1) % K)).size).toBe(1);
    }
  });

  it('skip agents on per-agent cooldown: a bucket without two eligible agents passes to the next', () => {
    const shard = meetScene(4, {
      max_concurrent_events: 4,
      per_agent_cooldown_ticks: 1000,
      fairness_buckets: 2,
      events: { meet: { kind: 'arranged_meet', location: 'bench', duration: [5, 5] } },
    });
    const ids = [1, 2, 3].map(() => shard.schedulePerturbation('meet'));
    shard.step();
    const assigned = shard.eventRecords().filter((e) => e.kind === 'meet_assigned');
    // Bucket 0 = slots 1, 3; bucket 1 = slots 2, 4. The third meet finds nobody left and is cancelled.
    expect(assigned.map((e) => [e.other, e.agent])).toEqual([
      [ids[0], 'a1'],
      [ids[0], 'a3'],
      [ids[1], 'a2'],
      [ids[1], 'a4'],
    ]);
    expect(shard.eventRecords().filter((e) => e.kind === 'perturbation_cancelled').map((e) => e.other)).toEqual([
      ids[2],
    ]);
  });
});

describe('arranged meets', () => {
  it('participants walk to the meeting point (distance falls by one a tick to 0), wait, and are released', () => {
    const shard = meetScene(2, {
      fairness_buckets: 1,
      events: { meet: { kind: 'arranged_meet', location: 'bench', duration: [40, 40] } },
    });
    const id = shard.schedulePerturbation('meet');
    shard.step(); // tick 1: assigned (and the first step taken)
    const assigned = shard.eventRecords().filter((e) => e.kind === 'meet_assigned');
    expect(assigned.map((e) => [e.agent, e.object, e.other])).toEqual([
      ['a1', 'bench', id],
      ['a2', 'bench', id],
    ]);
    const field = meetingField(shard.state, 0);
    const { x, y } = shard.state.positions;
    const distance = (eid: number) => field[y[eid]! * 20 + x[eid]!]!;
    const a1: number[] = [distance(1)];
    for (let t = 2; t <= 40; t++) {
      shard.step();
      a1.push(distance(1));
    }
    // a1 starts at (1, 1), 23 moves from the tiles beside the bench; it steps once a tick from tick 1 on.
    expect(a1.slice(0, 23)).toEqual(Array.from({ length: 23 }, (_, i) => 22 - i)); // ticks 1..23
    expect(a1.slice(22).every((d) => d === 0)).toBe(true); // then waits there until the end
    expect(distance(2)).toBe(0);
    shard.step(); // tick 41: the event ends
    expect(shard.eventRecords().filter((e) => e.kind === 'perturbation_ended').map((e) => e.other)).toEqual([id]);
    expect(Array.from(shard.state.perturbations.meetEvent)).toEqual([0, 0, 0]);
  });
});

describe('nearby gathering', () => {
  it('draws one agent of the bucket, then the bucket\'s agents nearest to it', () => {
    const K = 2;
    const shard = meetScene(96, {
      fairness_buckets: K,
      per_agent_cooldown_ticks: 0,
      global_cooldown_ticks: 0,
      events: {
        meet: { kind: 'arranged_meet', duration: [5, 5], location: 'bench', max_participants: 5, gather: 'nearby' },
      },
    });
    for (let round = 0; round < 6; round++) {
      // Where everyone stood when the meeting was drawn (participants take their first step in the same tick).
      const x = Array.from(shard.state.positions.x);
      const y = Array.from(shard.state.positions.y);
      const dist = (a: number, b: number) => Math.abs(x[a]! - x[b]!) + Math.abs(y[a]! - y[b]!);
      shard.schedulePerturbation('meet');
      shard.step();
      const chosen = shard
        .eventRecords()
        .filter((e) => e.kind === 'meet_assigned')
        .map((e) => Number(e.agent!.slice(1)));
      expect(chosen).toHaveLength(5);
      const bucket = (chosen[0]! - 1) % K;
      expect(chosen.every((eid) => (eid - 1) % K === bucket)).toBe(true);
      const others = Array.from({ length: 96 }, (_, i) => i + 1).filter(
        (eid) => (eid - 1) % K === bucket && !chosen.includes(eid),
      );
      // Some participant is the seed: every other participant is at least as near to it as any bucket-mate left out.
      const isSeed = (seed: number) =>
        Math.max(...chosen.filter((e) => e !== seed).map((e) => dist(seed, e))) <=
        Math.min(...others.map((e) => dist(seed, e)));
      expect(chosen.some(isSeed)).toBe(true);
      shard.run(6);
    }
  });
});
