import { describe, expect, it } from 'vitest';
import { InvalidReasonCode, MOVE_DX, MOVE_DY, USE_BASE } from '../src/actions/action-space.js';
import { EventKind } from '../src/core/event-kinds.js';
import { act, tensorScene } from './helpers/tensor-scene.js';

/**
 * A 10×8 room with a wall, one object of each core type, and six agents with mixed needs and wallets (two are
 * broke) and a chat cooldown, driven by seeded pseudo-random actions: half drawn from what the mask allows, half
 * from the whole action space. Needs do not decay, so nobody faints (a respawn would change the world before the
 * actions).
 */
function room() {
  return tensorScene({
    width: 10,
    height: 8,
    walls: [[5, 1], [5, 2], [5, 3]],
    objects: [
      { id: 'fridge', type: 'fridge', position: [2, 3], stock: { meals: 100 } },
      { id: 'stove', type: 'stove', position: [3, 5], stock: { ingredients: 2 } },
      { id: 'shower', type: 'shower', position: [7, 2] },
      { id: 'bed', type: 'bed', position: [7, 5] },
      { id: 'desk', type: 'workplace', position: [4, 6] },
    ],
    agents: [
      { id: 'ann', position: [1, 3], needs: { hunger: 0.3 }, wallet: 20 },
      { id: 'bob', position: [3, 3], needs: { hunger: 0.5, energy: 0.05 }, wallet: 20 },
      { id: 'cat', position: [2, 4], wallet: 0 },
      { id: 'dan', position: [7, 3], wallet: 20 },
      { id: 'eve', position: [6, 5], needs: { energy: 0.2 }, wallet: 0 },
      { id: 'fay', position: [8, 5], wallet: 20 },
    ],
    // A speaker waits 4 ticks between chats: the chat mask must follow the cooldown too.
    over: { conflict: { relationships: { chat_cooldown_ticks: 4 } } },
  });
}

describe('masks against the world', () => {
  it('an allowed action is applied; a forbidden one is a counted no-op; an allowed use starts', () => {
    const shard = room();
    const s = shard.state;
    const { masks, nActions } = shard.tensors!.buffers;
    const agents = 6;
    let seed = 12345;
    const draw = (n: number) => {
      // mulberry32: a small seeded generator, so the run is the same every time
      seed = (seed + 0x6d2b79f5) | 0;
      let z = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z;
      return ((z ^ (z >>> 14)) >>> 0) % n;
    };
    const tally = { allowed: 0, forbidden: 0, started: 0, takenEarlier: 0, freedEarlier: 0, chats: 0, cooled: 0 };
    act(shard, 0, 0, 0, 0, 0, 0);
    for (let tick = 2; tick <= 1000; tick++) {
      const before = masks.slice();
      const acts: number[] = [];
      for (let eid = 1; eid <= agents; eid++) {
        const row = before.subarray((eid - 1) * nActions, eid * nActions);
        const ok = [...row.keys()].filter((a) => row[a] === 1);
        acts.push(draw(2) === 0 ? ok[draw(ok.length)]! : draw(nActions));
      }
      const x0 = Int16Array.from(s.positions.x);
      const y0 = Int16Array.from(s.positions.y);
      const busy0 = Int16Array.from(s.activity.affordance);
      const holder0 = Uint32Array.from(s.reservations.holder);
      act(shard, ...acts);
      const ev = s.events;
      const invalid = new Set<number>();
      const starts = new Map<number, number>(); // agent → object row
      for (let e = 0; e < ev.length; e++) {
        if (ev.kind[e] === EventKind.invalid_action) invalid.add(ev.agent[e]!);
        if (ev.kind[e] === EventKind.invalid_action && ev.value[e] === InvalidReasonCode.chat_cooldown) tally.cooled++;
        if (ev.kind[e] === EventKind.chat) tally.chats++;
        if (ev.kind[e] === EventKind.affordance_start) starts.set(ev.agent[e]!, ev.object[e]! - 1);
      }
      for (let eid = 1; eid <= agents; eid++) {
        const a = acts[eid - 1]!;
        const allowed = before[(eid - 1) * nActions + a] === 1;
        const where = `tick ${tick}, slot ${eid}, action ${a}`;
        if (allowed) tally.allowed++;
        else tally.forbidden++;
        // Allowed: never invalid. Forbidden: invalid, except a use that is valid but would not start.
        if (allowed || a < USE_BASE) expect({ where, invalid: invalid.has(eid) }).toEqual({ where, invalid: !allowed });
        if (a < USE_BASE) continue;
        if (!allowed) {
          // Forbidden yet started: only on an object an agent earlier in slot order held and let go this tick.
          const held = starts.has(eid) ? holder0[starts.get(eid)!]! : eid;
          expect({ where, freedEarlier: !starts.has(eid) || (held > 0 && held < eid) }).toEqual({
            where,
            freedEarlier: true,
          });
          if (starts.has(eid)) tally.freedEarlier++;
          continue;
        }
        if (busy0[eid] === a - USE_BASE) continue; // keeps its running use going
        if (starts.has(eid)) {
          tally.started++;
          continue;
        }
        // Allowed but not started: only because an agent earlier in slot order took the free object first.
        const type = s.manifest.table.objectType[a - USE_BASE]!;
        const taken = [...starts].some(([other, object]) =>
          other < eid &&
          s.objects.type[object] === type &&
          [0, 1, 2, 3].some(
            (d) => s.objects.x[object] === x0[eid]! + MOVE_DX[d]! && s.objects.y[object] === y0[eid]! + MOVE_DY[d]!,
          ));
        expect({ where, taken }).toEqual({ where, taken: true });
        tally.takenEarlier++;
      }
    }
    // The run covered thousands of allowed and forbidden actions, and a hundred starts.
    expect(tally.allowed).toBeGreaterThan(3000);
    expect(tally.forbidden).toBeGreaterThan(1500);
    expect(tally.started).toBeGreaterThan(100);
    expect(shard.counters().invalid_actions).toBeGreaterThan(1000);
    // Chats happened, and chats within the cooldown were tried (and refused, as their mask said).
    expect(tally.chats).toBeGreaterThan(20);
    expect(tally.cooled).toBeGreaterThan(5);
  });
});
