import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { FrameCapture } from '../src/telemetry/frame.js';

// The capture sends a slot's id when a new life (or a console spawn) set it, looking only at the rows the id table
// says were set since the last frame (every slot when it cannot say). Followed frame by frame, the ids it sent
// must be the table's, through faints and respawns, a few or hundreds in a tick, and frames skipped in between.
describe('agent id changes in frames', () => {
  it('always add up to the id table', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 20, max: 700 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 700 })), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 10 }),
        (seed, agents, faints, skipped) => {
          const shard = createShard(loadConfigFile('configs/town.yaml', { agents, seed }));
          const s = shard.state;
          const capture = new FrameCapture();
          const ids = new Map<number, string>();
          for (let t = 1; t <= 60; t++) {
            // `count` agents starve from this tick on (faints, then respawns after the cooldown).
            for (const [at, count] of faints) {
              if (at !== t) continue;
              for (let slot = 1; slot <= Math.min(count, agents); slot++) s.needs.hunger[slot] = 0;
            }
            shard.step();
            if (skipped.includes(t)) continue;
            for (const [slot, id] of capture.capture(shard, t % 10 === 1).idChanges) ids.set(slot, id);
            for (let slot = 1; slot <= s.layout.capacity; slot++) expect(ids.get(slot) ?? '').toBe(s.agentIds.get(slot));
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
