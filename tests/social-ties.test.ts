import { describe, expect, it } from 'vitest';
import { ActionResult } from '../src/actions/action-space.js';
import { queueConflict } from '../src/social/deltas.js';
import { adjustTie } from '../src/social/ties.js';
import { act, CHAT, events, floorScene, NOOP } from './helpers/social-scene.js';

const pair = () =>
  floorScene([
    { id: 'ann', position: [1, 1] },
    { id: 'bob', position: [2, 1] },
  ]);

describe('relationship ledger', () => {
  it('a tie (0.6, 0.4, 0.3) decaying by 0.2 a tick is dropped at the third tick, despite float32 storage', () => {
    const rates = { trust_decay: 0.2, familiarity_decay: 0.2, rivalry_decay: 0.2 };
    const shard = floorScene(
      [
        { id: 'ann', position: [1, 1] },
        { id: 'bob', position: [6, 5] },
      ],
      { conflict: { relationships: rates } },
    );
    adjustTie(shard.state, 1, 2, 0.6, 0.4, 0.3, 0);
    act(shard, NOOP, NOOP);
    act(shard, NOOP, NOOP);
    expect(shard.relationship('ann', 'bob')!.trust).toBeCloseTo(0.2, 6);
    act(shard, NOOP, NOOP);
    expect(shard.relationship('ann', 'bob')).toBeNull();
    expect(events(shard, 'relationship_changed')).toEqual([['ann', 2, 0]]);
  });

  it('a chat between strangers: quality 0.5, trust +0.05q and familiarity +0.10q both ways', () => {
    const shard = pair();
    act(shard, CHAT, NOOP);
    expect(events(shard, 'chat')).toEqual([['ann', 2, 0.5]]);
    expect(events(shard, 'relationship_changed')).toEqual([
      ['ann', 2, expect.closeTo(0.025, 6)],
      ['bob', 1, expect.closeTo(0.025, 6)],
    ]);
    for (const [a, b] of [['ann', 'bob'], ['bob', 'ann']] as const) {
      const tie = shard.relationship(a, b)!;
      expect(tie.trust).toBeCloseTo(0.025, 6);
      expect(tie.familiarity).toBeCloseTo(0.05, 6);
      expect(tie.rivalry).toBe(0);
    }
    // The second chat is better: quality 0.5 + 0.2 × trust 0.025 = 0.505.
    act(shard, NOOP, CHAT);
    expect(events(shard, 'chat')).toEqual([['bob', 1, expect.closeTo(0.505, 6)]]);
    expect(shard.relationship('ann', 'bob')!.trust).toBeCloseTo(0.025 + 0.05 * 0.505, 6);
    expect(shard.relationship('ann', 'bob')!.familiarity).toBeCloseTo(0.05 + 0.1 * 0.505, 6);
  });

  it('a chat with an avoided rival fails: chat_failure, familiarity −0.05 and rivalry +0.05 both ways', () => {
    const shard = pair();
    queueConflict(shard.state, 1, 2, 5, 0); // rivalry 0.15 × 5 = 0.75 ≥ avoid_threshold 0.7, tie rivalry 0.75
    act(shard, CHAT, NOOP);
    expect(events(shard, 'chat_failure')).toEqual([['ann', 2, 0]]);
    expect(events(shard, 'chat')).toEqual([]);
    expect(shard.state.actions.result[1]).toBe(ActionResult.chatted);
    expect(shard.counters().invalid_actions).toBe(0);
    const tie = shard.relationship('bob', 'ann')!;
    expect(tie.familiarity).toBeCloseTo(-0.05, 6);
    expect(tie.rivalry).toBeCloseTo(0.75 + 0.05 - 0.01, 6); // minus one tick of rivalry_decay
    expect(tie.trust).toBe(0);
  });

  it('personality: extroversion shapes quality and familiarity, forgiveness softens losses', () => {
    const shard = floorScene(
      [
        { id: 'ann', position: [1, 1] },
        { id: 'bob', position: [2, 1] },
      ],
      { personalities: { overrides: { ann: 'socialite', bob: 'stoic' } } },
    );
    act(shard, CHAT, NOOP);
    const q = 0.5 + 0.15 * (0.6 - 0.3);
    expect(events(shard, 'chat')).toEqual([['ann', 2, expect.closeTo(q, 6)]]);
    expect(shard.relationship('ann', 'bob')!.familiarity).toBeCloseTo(0.1 * q + 0.02 * 0.6, 6);
    expect(shard.relationship('bob', 'ann')!.familiarity).toBeCloseTo(0.1 * q - 0.02 * 0.3, 6);
    expect(shard.relationship('bob', 'ann')!.trust).toBeCloseTo(0.05 * q, 6);
    // A familiarity loss of 0.05: the stoic (forgiveness 0.5) takes 0.05 × 0.75, the socialite 0.05 × 0.95.
    queueConflict(shard.state, 1, 2, 5, 0);
    act(shard, CHAT, NOOP);
    expect(shard.relationship('bob', 'ann')!.familiarity).toBeCloseTo(0.1 * q - 0.006 - 0.0375, 6);
    expect(shard.relationship('ann', 'bob')!.familiarity).toBeCloseTo(0.1 * q + 0.012 - 0.0475, 6);
  });

  it('personality: conflict rivalry × max(0, 1 + 0.3·ambition) × conflictTolerance; off with the flag', () => {
    const over = { personalities: { overrides: { ann: 'industrious', bob: 'stoic' } as const } };
    const shard = floorScene([{ id: 'ann', position: [1, 1] }, { id: 'bob', position: [5, 5] }], over);
    queueConflict(shard.state, 1, 2, 1, 0);
    expect(shard.relationship('ann', 'bob')!.rivalry).toBeCloseTo(0.15 * 1.15, 6);
    expect(shard.relationship('bob', 'ann')!.rivalry).toBeCloseTo(0.15 * 0.94 * 0.6, 6);
    expect(shard.rivalry('bob', 'ann')).toBeCloseTo(0.15, 12); // the rivalry ledger takes no modifier
    const plain = floorScene([{ id: 'ann', position: [1, 1] }, { id: 'bob', position: [5, 5] }], {
      personalities: { ...over.personalities, relationship_modifiers: false },
    });
    queueConflict(plain.state, 1, 2, 1, 0);
    expect(plain.relationship('bob', 'ann')!.rivalry).toBeCloseTo(0.15, 6);
  });

  it('a full ledger evicts the tie with the lowest trust + familiarity when a stronger one comes', () => {
    const shard = floorScene(
      [
        { id: 'ann', position: [3, 3] },
        { id: 'bob', position: [2, 3] },
        { id: 'cat', position: [4, 3] },
        { id: 'dan', position: [3, 3] },
      ],
      { conflict: { relationships: { max_edges: 2 } }, personalities: { overrides: { dan: 'socialite' } } },
    );
    act(shard, NOOP, CHAT, NOOP, NOOP); // bob–ann: 0.025 + 0.05
    act(shard, NOOP, NOOP, CHAT, NOOP); // cat–ann: the same; ann's ledger is full
    act(shard, NOOP, NOOP, NOOP, CHAT); // dan (extroversion 0.6): q 0.59, 0.0295 + 0.059 > 0.075
    expect(events(shard, 'relationship_changed')).toEqual([
      ['dan', 1, expect.closeTo(0.0295, 6)],
      ['ann', 2, expect.closeTo(0.025, 6)], // bob, the first of the two weakest, is evicted
      ['ann', 4, expect.closeTo(0.0295, 6)],
    ]);
    expect(shard.relationship('ann', 'bob')).toBeNull();
    expect(shard.relationship('bob', 'ann')).not.toBeNull();
    expect(shard.relationship('ann', 'cat')).not.toBeNull();
    expect(shard.state.social.tieCount[1]).toBe(2);
  });

  it('values decay toward 0 at their rates; a tie that reaches all zeros is dropped', () => {
    const shard = pair();
    adjustTie(shard.state, 1, 2, 0, 0, 0.25, 0);
    const over = shard.state.config.conflict.relationships;
    expect(over.rivalry_decay).toBe(0.01);
    const rivalry: number[] = [];
    for (let t = 1; t <= 25; t++) {
      act(shard, NOOP, NOOP);
      rivalry.push(shard.relationship('ann', 'bob')?.rivalry ?? -1);
      if (t < 25) expect(events(shard, 'relationship_changed')).toEqual([]);
    }
    expect(rivalry[0]).toBeCloseTo(0.24, 6);
    expect(rivalry[23]).toBeCloseTo(0.01, 6);
    expect(rivalry[24]).toBe(-1); // gone in tick 25
    expect(events(shard, 'relationship_changed')).toEqual([['ann', 2, 0]]);
  });

  it('trust reaching friend_trust is reported once', () => {
    const shard = pair();
    adjustTie(shard.state, 1, 2, 0.28, 0, 0, 0);
    adjustTie(shard.state, 2, 1, 0.28, 0, 0, 0);
    act(shard, CHAT, NOOP); // +0.05 × (0.5 + 0.2 × 0.28) = +0.0278: crosses 0.3
    expect(events(shard, 'relationship_changed')).toEqual([
      ['ann', 2, expect.closeTo(0.3078, 5)],
      ['bob', 1, expect.closeTo(0.3078, 5)],
    ]);
    act(shard, CHAT, NOOP);
    expect(events(shard, 'relationship_changed')).toEqual([]);
  });

  it('a stale tie that holds still is ignored at once and dropped silently at the next sweep (tick % 32)', () => {
    const shard = pair();
    act(shard, CHAT, NOOP); // tick 1: trust and familiarity only, which do not decay by default
    shard.state.needs.hunger[2] = 0; // bob faints in tick 2
    act(shard, NOOP, NOOP);
    expect(shard.state.life.alive[2]).toBe(0);
    let dropped = 0;
    for (let t = 3; t <= 32; t++) {
      expect(shard.state.social.tieCount[1]).toBe(1);
      act(shard, NOOP, NOOP);
      expect(events(shard, 'relationship_changed')).toEqual([]);
      if (shard.state.social.tieCount[1] === 0 && dropped === 0) dropped = t;
    }
    expect(dropped).toBe(32);
  });
});
