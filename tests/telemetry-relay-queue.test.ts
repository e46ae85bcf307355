import { describe, expect, it } from 'vitest';
import type { RelayItem } from '../src/telemetry/relay-outbox.js';
import { RelayQueue } from '../src/telemetry/relay-queue.js';

const item = (n: number, ids: number[]): RelayItem => ({ kind: 'diff', bytes: new Uint8Array([n]), ids, folded: 0 });

/** Spins for `ms` (a slow socket write). */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('relay queue', () => {
  it('hands lines over in short slices after release, every consumer in order; other work runs between slices', async () => {
    const got = new Map<number, number[]>();
    const queue = new RelayQueue((id, it) => {
      spin(1);
      got.set(id, [...(got.get(id) ?? []), it.bytes[0]!]);
    });
    queue.hold([item(1, [1, 2, 3, 4]), item(2, [1, 2, 3, 4])]);
    queue.hold([item(3, [2, 4]), item(4, [1, 2, 3, 4])]);
    expect(got.size).toBe(0);
    queue.release();
    // The first slice stops after about 3 ms (a few lines), leaving the rest for later turns.
    const first = [...got.values()].reduce((n, l) => n + l.length, 0);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(14);
    let between = false;
    setImmediate(() => (between = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(between).toBe(true);
    expect(got.get(1)).toEqual([1, 2, 4]);
    expect(got.get(2)).toEqual([1, 2, 3, 4]);
    expect(got.get(4)).toEqual([1, 2, 3, 4]);
  });

  it('drain hands everything over at once; lines held with no tick go out after 100 ms', async () => {
    const got: number[] = [];
    const queue = new RelayQueue((_id, it) => got.push(it.bytes[0]!));
    queue.hold([item(7, [1]), item(8, [1])]);
    queue.drain();
    expect(got).toEqual([7, 8]);
    queue.hold([item(9, [1])]);
    await new Promise((r) => setTimeout(r, 150));
    expect(got).toEqual([7, 8, 9]);
  });
});
