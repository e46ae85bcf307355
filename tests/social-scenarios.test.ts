import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { avoids } from '../src/social/rivalry.js';

describe('scenario configs/scenarios/queue_conflict.yaml', () => {
  it('queue conflicts raise rivalry by exact amounts; then agents stop queueing behind rivals they avoid', () => {
    const shard = createShard(loadConfigFile('configs/scenarios/queue_conflict.yaml'));
    const s = shard.state;
    const SHOWER = 0;
    shard.step(); // tick 1: ann takes the shower, bob then cat line up behind her
    // increment 0.3 × intensity (0.4, then 0.4 + 0.25 × 1 waiting), minus one decay step of 0.001.
    expect(shard.rivalry('bob', 'ann')).toBeCloseTo(0.3 * 0.4 - 0.001, 12);
    expect(shard.rivalry('ann', 'cat')).toBeCloseTo(0.3 * 0.65 - 0.001, 12);
    expect(shard.rivalry('bob', 'cat')).toBe(0);
    const avoided: [number, string | null, number][] = [];
    let joinsBehindAvoided = 0;
    for (let t = 2; t <= 240; t++) {
      // Who each agent avoids at the start of the tick, as the policy sees it.
      const holder = s.reservations.holder[SHOWER]!;
      const wasWaiting = [0, 1, 2, 3].map((a) => s.queues.waitingFor[a]);
      const avoidsHolder = [0, 1, 2, 3].map((a) => a > 0 && holder > 0 && avoids(s, a, holder));
      shard.step();
      for (const e of shard.eventRecords()) if (e.kind === 'rival_avoided') avoided.push([e.tick, e.agent, e.other]);
      for (let a = 1; a <= 3; a++) {
        if (wasWaiting[a] === -1 && s.queues.waitingFor[a] === SHOWER && avoidsHolder[a]) joinsBehindAvoided++;
      }
    }
    expect(joinsBehindAvoided).toBe(0);
    // ann and cat cross the avoid threshold (0.3) first, when ann lines up behind cat in tick 151.
    expect(avoided[0]).toEqual([152, 'ann', 3]);
    expect(avoided.length).toBeGreaterThanOrEqual(3);
    expect(shard.counters().affordances_completed).toBeGreaterThanOrEqual(6);
  });
});

describe('scenario configs/scenarios/rivalry_decay.yaml', () => {
  it('rivalry from a contention decays by decay_per_tick each tick and is dropped at tick 38', () => {
    const shard = createShard(loadConfigFile('configs/scenarios/rivalry_decay.yaml'));
    const scores: number[] = [];
    const changes: [number, string | null, number][] = [];
    for (let t = 1; t <= 60; t++) {
      shard.step();
      scores.push(shard.rivalry('ann', 'bob'));
      for (const e of shard.eventRecords()) if (e.kind === 'rivalry_changed') changes.push([e.tick, e.agent, e.other]);
    }
    expect(scores[0]).toBeGreaterThan(0.19); // 0.5 × 0.4 − 0.004
    for (let t = 2; t <= 37; t++) expect(scores[t - 2]! - scores[t - 1]!).toBeCloseTo(0.004, 12);
    expect(scores[36]).toBeCloseTo(0.2 - 37 * 0.004, 12);
    expect(scores.slice(37)).toEqual(new Array(23).fill(0));
    expect(changes).toEqual([
      [1, 'bob', 1],
      [1, 'ann', 2],
      [38, 'ann', 2],
      [38, 'bob', 1],
    ]);
    expect(shard.counters().events_by_kind.shared_meal).toBe(1); // bob finished 15 ticks after ann
  });
});
