import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../src/serve/turn-queue.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnQueue', () => {
  it('runs jobs in arrival order, one per event-loop turn, so other immediates and timers interleave', async () => {
    const seen: string[] = [];
    const queue = new TurnQueue();
    for (const name of ['a', 'b', 'c']) queue.push(() => seen.push(name));
    setImmediate(() => seen.push('other'));
    expect(queue.length).toBe(3);
    for (let i = 0; i < 5; i++) await turn();
    expect(seen).toEqual(['a', 'other', 'b', 'c']);
    expect(queue.length).toBe(0);
  });

  it('keeps going after a job that throws, and keeps order over a long burst', async () => {
    const seen: number[] = [];
    const errors: unknown[] = [];
    const queue = new TurnQueue((err) => errors.push(err));
    for (let i = 0; i < 300; i++) {
      queue.push(() => {
        if (i === 5) throw new Error('job 5 fails');
        seen.push(i);
      });
    }
    while (queue.length > 0) await turn();
    expect(errors.map((e) => (e as Error).message)).toEqual(['job 5 fails']);
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i).filter((i) => i !== 5));
  });
});
