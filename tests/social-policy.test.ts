import { describe, expect, it } from 'vitest';
import { createShard, type Shard } from '../src/core/shard.js';
import { queueConflict } from '../src/social/deltas.js';
import { scene } from './helpers/scene.js';
import { fridgeScene } from './helpers/social-scene.js';

/** Two idle agents side by side, scripted. */
function idlePair(over: object = {}): Shard {
  return createShard(
    scene({
      width: 9,
      height: 7,
      agents: [
        { id: 'ann', position: [2, 2] },
        { id: 'bob', position: [3, 3] },
      ],
      over: { conflict: { rivalry: { decay_per_tick: 0 } }, ...over },
    }),
  );
}

function chatsOver(shard: Shard, ticks: number): [number, string | null, string][] {
  const out: [number, string | null, string][] = [];
  for (let t = 0; t < ticks; t++) {
    shard.step();
    for (const e of shard.eventRecords()) if (e.kind.startsWith('chat')) out.push([e.tick, e.agent, e.kind]);
  }
  return out;
}

describe('scripted social behaviour', () => {
  it('an idle agent chats with a neighbour when (tick + slot) % interval == 0', () => {
    expect(chatsOver(idlePair(), 20)).toEqual([
      [8, 'bob', 'chat'],
      [9, 'ann', 'chat'],
      [18, 'bob', 'chat'],
      [19, 'ann', 'chat'],
    ]);
  });

  it('chatPreference divides the interval (socialite 1.3: every round(10 / 1.3) = 8 ticks)', () => {
    const shard = idlePair({ personalities: { overrides: { ann: 'socialite' } } });
    expect(chatsOver(shard, 16).filter(([, agent]) => agent === 'ann')).toEqual([
      [7, 'ann', 'chat'],
      [15, 'ann', 'chat'],
    ]);
  });

  it('never chats with a partner it avoids, and not at all with chat_interval_ticks 0', () => {
    const shard = idlePair();
    queueConflict(shard.state, 1, 2, 5, 0); // 0.75 ≥ 0.7 both ways
    expect(chatsOver(shard, 20)).toEqual([]);
    expect(chatsOver(idlePair({ behavior: { chat_interval_ticks: 0 } }), 20)).toEqual([]);
  });

  it('does not queue behind a rival: steps away (rival_avoided) and tries again after retry_ticks', () => {
    const shard = fridgeScene(2, { conflict: { rivalry: { decay_per_tick: 0 } } }, true);
    const s = shard.state;
    queueConflict(s, 1, 2, 5, 0);
    // Tick 1: both decide on the start-of-tick world (a free fridge): ann takes it, bob lines up behind her.
    shard.step();
    expect(s.queues.waitingFor[2]).toBe(0);
    shard.step(); // tick 2: bob sees his rival holding it: he leaves the line instead of waiting behind her
    expect(shard.eventRecords().filter((e) => e.kind === 'rival_avoided')).toEqual([
      { kind: 'rival_avoided', tick: 2, agent: 'bob', object: 'fridge', other: 1, value: 0 },
    ]);
    // From (4, 2), away from ann at (2, 2): north, south and east are all farther; north comes first.
    expect([s.positions.x[2], s.positions.y[2]]).toEqual([4, 1]);
    expect(s.queues.waitingFor[2]).toBe(-1);
    let bobStart = 0;
    for (let t = 3; t <= 40 && bobStart === 0; t++) {
      shard.step();
      expect(s.queues.waitingFor[2]).toBe(-1); // never in ann's line
      const start = shard.eventRecords().find((e) => e.kind === 'affordance_start' && e.agent === 'bob');
      if (start) bobStart = start.tick;
    }
    // eat_meal is blocked for ticks 2–21 (retry_ticks 20); tick 22 steps back beside the fridge (free since
    // ann finished in tick 15), tick 23 starts eating.
    expect(bobStart).toBe(23);
  });
});
