import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RowSystem } from '../src/core/schedule.js';
import type { ShardState } from '../src/core/shard-state.js';
import { CLAIM_BLOCK, RowClaims } from '../src/workers/row-claims.js';

const NO_STATE = undefined as unknown as ShardState;

/** Thrown from a row writer to stand for a thread that dies in the middle of a claim. */
class Died extends Error {}

/**
 * Threads are simulated on one stack: while one thread writes a claim, another may start claiming (a nested
 * writeClaimed), which is how the threads' claims interleave in any order the generated plan says. A thread can
 * die mid-claim (the writer throws after half its rows), leaving its claim unfinished.
 */
function runPlan(capacity: number, parts: number, plan: number[], deaths: Set<number>) {
  const claims = new RowClaims(capacity);
  claims.open();
  const writes = new Int32Array(capacity + 1);
  let step = 0;
  let claimNo = 0;
  const writer = (depth: number): RowSystem => (_s, _tick, from, to) => {
    const id = claimNo++;
    const mid = (from + to) >> 1;
    for (let eid = from; eid < mid; eid++) writes[eid]!++;
    // The plan decides whether another thread claims while this one is halfway through its rows.
    const next = plan[step++ % plan.length]!;
    if (depth < parts - 1 && next % 3 === 0) {
      try {
        claims.writeClaimed(parts, writer(depth + 1), NO_STATE, 0);
      } catch (err) {
        if (!(err instanceof Died)) throw err;
      }
    }
    if (deaths.has(id)) throw new Died();
    for (let eid = mid; eid < to; eid++) writes[eid]!++;
  };
  try {
    claims.writeClaimed(parts, writer(0), NO_STATE, 0);
  } catch (err) {
    if (!(err instanceof Died)) throw err;
  }
  // The threads that did not die are done: the tick's thread writes what is left.
  const unfinishedBefore = claims.words.slice(1).filter((w) => w === 0).length;
  const redone = claims.writeUnfinished((_s, _t, from, to) => {
    for (let eid = from; eid < to; eid++) writes[eid]!++;
  }, NO_STATE, 0);
  return { claims, writes, redone, unfinishedBefore, claimNo };
}

describe('row claims', () => {
  it('writes every slot exactly once, whatever the interleaving of the threads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_500 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 40 }),
        (capacity, parts, plan) => {
          const { writes, redone, claimNo } = runPlan(capacity, parts, plan, new Set());
          expect(writes[0]).toBe(0);
          for (let eid = 1; eid <= capacity; eid++) expect(writes[eid]).toBe(1);
          expect(redone).toBe(0);
          // Claims shrink as rows run out: few of them, never more than the blocks.
          expect(claimNo).toBeLessThanOrEqual(Math.ceil(capacity / CLAIM_BLOCK));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a thread that dies mid-claim leaves its blocks to the tick thread, and every slot ends written', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_500 }),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.nat({ max: 12 }), { maxLength: 3 }),
        (capacity, parts, plan, dying) => {
          const { writes, redone, unfinishedBefore } = runPlan(capacity, parts, plan, new Set(dying));
          expect(redone).toBe(unfinishedBefore);
          for (let eid = 1; eid <= capacity; eid++) expect(writes[eid]).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses shared words of the wrong size', () => {
    expect(() => new RowClaims(100, new Int32Array(5))).toThrow(/row claims of 5 words for 100 slots/);
  });
});
