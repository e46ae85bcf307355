import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmdIdHash, FrontShared, frontSharedBuffer } from '../src/console/front-shared.js';

// The claim table the front-desk thread and the tick thread share: a counted set of cmd_id hashes.

describe('the front desk claim table', () => {
  it('behaves as a counted set under generated claims and releases (slots reused after releases)', () => {
    const id = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '2', ':', '-'), minLength: 1, maxLength: 5 });
    const op = fc.record({ claim: fc.boolean(), id });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const shared = new FrontShared(frontSharedBuffer());
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.claim) {
            expect(shared.claim(o.id)).toBe(true);
            model.set(o.id, (model.get(o.id) ?? 0) + 1);
          } else {
            shared.release(o.id);
            const n = model.get(o.id) ?? 0;
            if (n <= 1) model.delete(o.id);
            else model.set(o.id, n - 1);
          }
          for (const known of new Set(ops.map((x) => x.id))) expect(shared.claimed(known)).toBe(model.has(known));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a hash never looks like a free or a removed slot, and distinct ids rarely share one', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const [hi, lo] = cmdIdHash(`bench-${i >> 7}-${i & 127}`);
      expect(hi).not.toBe(0);
      seen.add(`${hi}:${lo}`);
    }
    expect(seen.size).toBe(20_000);
  });

  it('the lock: one holder at a time; the state fields round-trip', () => {
    const shared = new FrontShared(frontSharedBuffer());
    expect(shared.tryLock()).toBe(true);
    expect(shared.tryLock()).toBe(false);
    shared.unlock();
    shared.locked(() => {
      shared.running = true;
      shared.applyTick = 41;
      shared.lastTick = 39;
      shared.stateVersion = 7;
    });
    const other = new FrontShared(shared.buffer);
    expect([other.running, other.applyTick, other.lastTick, other.stateVersion]).toEqual([true, 41, 39, 7]);
    expect([other.waiting, other.overflowed]).toEqual([0, false]);
  });

  it('the mailbox: records come out as posted, in order, once; a full mailbox takes nothing', () => {
    const shared = new FrontShared(frontSharedBuffer());
    const other = new FrontShared(shared.buffer);
    const record = fc.record({ command: fc.string(), args: fc.jsonValue(), apply_tick: fc.nat() });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (records) => {
        for (const r of records) expect(shared.post(r)).toBe(true);
        const bytes = other.empty();
        const back = bytes ? FrontShared.records(bytes) : [];
        expect(back).toEqual(records.map((r) => JSON.parse(JSON.stringify(r)) as unknown));
        expect(other.empty()).toBeUndefined();
      }),
    );
    const big = { text: 'x'.repeat(100_000) };
    let posted = 0;
    while (shared.post(big)) posted++;
    expect(posted).toBe(10);
    expect(FrontShared.records(other.empty()!)).toHaveLength(10);
    expect(shared.post(big)).toBe(true);
  });
});
