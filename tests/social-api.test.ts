import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { strongestTrust } from '../src/social/social-api.js';
import { act, CHAT, floorScene, NOOP } from './helpers/social-scene.js';

describe('social API', () => {
  const shard = floorScene([
    { id: 'ann', position: [1, 1] },
    { id: 'bob', position: [2, 1] },
    { id: 'cat', position: [6, 5] },
  ]);
  act(shard, CHAT, NOOP, NOOP);

  it('reports ties and rivalry by agent id, null and 0 when there is none', () => {
    expect(shard.relationship('ann', 'bob')).toEqual({
      trust: expect.closeTo(0.025, 6),
      familiarity: expect.closeTo(0.05, 6),
      rivalry: 0,
    });
    expect(shard.relationship('ann', 'cat')).toBeNull();
    expect(shard.rivalry('ann', 'bob')).toBe(0);
    expect(strongestTrust(shard.state, 1)).toBeCloseTo(0.025, 6);
    expect(strongestTrust(shard.state, 3)).toBe(0);
  });

  it.each([
    ['an unknown id', 'zed', 'bob', 'from'],
    ['an empty id', 'ann', '', 'to'],
    ['a slot number', '2', 'ann', 'from'],
  ])('%s is an InputError naming the argument, and nothing changes', (_name, from, to, argument) => {
    const hash = shard.hash();
    for (const call of [() => shard.relationship(from, to), () => shard.rivalry(from, to)]) {
      expect(call).toThrow(InputError);
      expect(call).toThrow(`social API: ${argument}: expected the id of a live agent`);
    }
    expect(shard.hash()).toBe(hash);
  });
});
