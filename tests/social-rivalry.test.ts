import { describe, expect, it } from 'vitest';
import { rivalryScore } from '../src/social/rivalry.js';
import { act, EAT, events, fridgeScene, NOOP } from './helpers/social-scene.js';

describe('rivalry ledger', () => {
  it('joining the line of a held object: increment × intensity both ways, intensity grows with the line', () => {
    const shard = fridgeScene(3);
    act(shard, EAT, NOOP, NOOP); // tick 1: ann holds the fridge
    act(shard, NOOP, EAT, NOOP); // tick 2: bob joins, nobody waiting yet: intensity handover_boost 0.4
    expect(events(shard, 'rivalry_changed')).toEqual([
      ['bob', 1, expect.closeTo(0.06, 6)], // 0.15 × 0.4, created
      ['ann', 2, expect.closeTo(0.06, 6)],
    ]);
    // The social phase of the same tick already took one decay step (0.005).
    expect(shard.rivalry('ann', 'bob')).toBeCloseTo(0.055, 12);
    expect(shard.rivalry('bob', 'ann')).toBeCloseTo(0.055, 12);
    act(shard, NOOP, NOOP, EAT); // tick 3: cat joins behind bob: intensity 0.4 + 0.25 × 1 waiting
    expect(shard.rivalry('cat', 'ann')).toBeCloseTo(0.15 * 0.65 - 0.005, 12);
    expect(shard.rivalry('cat', 'bob')).toBe(0); // only the holder is a rival of a joiner
    // ann–bob: 0.06 − 2 × 0.005 = 0.05 ≤ eviction_threshold: dropped in tick 3, reported both ways.
    expect(shard.rivalry('ann', 'bob')).toBe(0);
    const annBob = events(shard, 'rivalry_changed').filter(([a, o]) => (a === 'ann' && o === 2) || (a === 'bob' && o === 1));
    expect(annBob).toEqual([
      ['ann', 2, expect.closeTo(0.05, 6)],
      ['bob', 1, expect.closeTo(0.05, 6)],
    ]);
  });

  it('decays by exactly decay_per_tick per tick until it reaches the eviction threshold', () => {
    const shard = fridgeScene(2, { conflict: { rivalry: { increment_per_conflict: 1, decay_per_tick: 0.01 } } });
    act(shard, EAT, NOOP);
    act(shard, NOOP, EAT); // tick 2: 1 × 0.4, minus one decay step
    const seen = [shard.rivalry('ann', 'bob')];
    for (let t = 3; t <= 36; t++) {
      act(shard, NOOP, NOOP);
      seen.push(shard.rivalry('ann', 'bob'));
    }
    expect(seen[0]).toBeCloseTo(0.39, 12);
    for (let i = 1; i < 34; i++) expect(seen[i - 1]! - seen[i]!).toBeCloseTo(0.01, 12);
    // 0.4 − 35 × 0.01 = 0.05: dropped in tick 36 (the 35th decay step), not before.
    expect(seen[33]).toBeCloseTo(0.06, 12);
    expect(seen[34]).toBe(0);
    expect(events(shard, 'rivalry_changed').map(([agent]) => agent)).toEqual(['ann', 'bob']);
  });

  it('a ghost step is a conflict of intensity ghost_step_boost between the idle holder and the next holder', () => {
    const shard = fridgeScene(3);
    act(shard, EAT, NOOP, NOOP);
    act(shard, NOOP, EAT, NOOP); // tick 2: bob waits
    act(shard, NOOP, NOOP, EAT); // tick 3: cat waits
    for (let t = 4; t <= 17; t++) act(shard, NOOP, NOOP, NOOP); // ann finishes in 15; bob holds, idle
    act(shard, NOOP, NOOP, NOOP); // tick 18: the third idle tick: bob loses the fridge to cat
    expect(events(shard, 'queue_conflict')).toEqual([['bob', 3, 1]]);
    // Intensity 1.5 + 0.25 × max(1 − 1, 0) = 1.5: 0.15 × 1.5 = 0.225, minus this tick's decay.
    expect(shard.rivalry('bob', 'cat')).toBeCloseTo(0.22, 12);
    expect(shard.rivalry('cat', 'bob')).toBeCloseTo(0.22, 12);
    expect(shard.relationship('bob', 'cat')!.rivalry).toBeCloseTo(0.15 * 1.5 - 0.01, 6);
  });

  it('scores are clamped to max_value', () => {
    const shard = fridgeScene(3, { conflict: { rivalry: { increment_per_conflict: 1 } } });
    act(shard, EAT, NOOP, NOOP);
    act(shard, NOOP, EAT, NOOP);
    act(shard, NOOP, NOOP, EAT);
    for (let t = 4; t <= 18; t++) act(shard, NOOP, NOOP, NOOP); // ghost step in tick 18: 1 × 1.5 > 1
    expect(shard.rivalry('bob', 'cat')).toBeCloseTo(1 - 0.005, 12);
  });

  it('a full ledger keeps the strongest max_edges: a stronger newcomer evicts the weakest', () => {
    const shard = fridgeScene(4, {
      conflict: { rivalry: { max_edges: 2, decay_per_tick: 0, eviction_threshold: 0 } },
    });
    act(shard, EAT, NOOP, NOOP, NOOP);
    act(shard, NOOP, EAT, NOOP, NOOP); // bob: 0.15 × 0.4 = 0.06
    act(shard, NOOP, NOOP, EAT, NOOP); // cat: 0.15 × 0.65 = 0.0975
    act(shard, NOOP, NOOP, NOOP, EAT); // dan: 0.15 × 0.9 = 0.135; ann's ledger is full, bob is weakest
    expect(events(shard, 'rivalry_changed')).toEqual([
      ['dan', 1, expect.closeTo(0.135, 6)],
      ['ann', 2, expect.closeTo(0.06, 6)], // bob evicted
      ['ann', 4, expect.closeTo(0.135, 6)],
    ]);
    expect([shard.rivalry('ann', 'bob'), shard.rivalry('ann', 'cat'), shard.rivalry('ann', 'dan')]).toEqual([
      0,
      expect.closeTo(0.0975, 12),
      expect.closeTo(0.135, 12),
    ]);
    expect(shard.rivalry('bob', 'ann')).toBeCloseTo(0.06, 12); // bob's own ledger has room
    expect(shard.state.social.rivalryCount[1]).toBe(2);
  });

  it('an edge to an agent that left is stale: ignored, dropped silently, not inherited by the replacement', () => {
    const shard = fridgeScene(2, {
      conflict: { rivalry: { decay_per_tick: 0 } },
      lifecycle: { respawn_delay_ticks: [1, 1] },
    });
    const s = shard.state;
    act(shard, EAT, NOOP);
    act(shard, NOOP, EAT); // tick 2: ann and bob are rivals (0.06 each way)
    expect(rivalryScore(s, 1, 2)).toBeCloseTo(0.06, 12);
    s.needs.hunger[2] = 0; // bob faints in tick 3
    act(shard, NOOP, NOOP);
    expect(shard.eventRecords().map((e) => e.kind)).toContain('agent_exit');
    expect(rivalryScore(s, 1, 2)).toBe(0); // stale at once
    act(shard, NOOP, NOOP); // tick 4: bob's replacement enters slot 2; the decay drops ann's stale edge
    expect(shard.eventRecords().map((e) => e.kind)).toContain('agent_respawn');
    expect(events(shard, 'rivalry_changed')).toEqual([]);
    expect(s.social.rivalryCount[1]).toBe(0);
    // The replacement starts with empty ledgers: the old life's edge to ann is void.
    expect(rivalryScore(s, 2, 1)).toBe(0);
    expect(shard.rivalry('ann', s.agentIds.get(2))).toBe(0);
  });
});
