import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { encoderTables } from '../src/telemetry/encoder-tables.js';
import { FrameCapture } from '../src/telemetry/frame.js';
import { AgentIdMask } from '../src/telemetry/privacy.js';
import { StateEncoder } from '../src/telemetry/state-encoder.js';

describe('snapshot text', () => {
  it('snapshotJson() is exactly JSON.stringify(snapshot()): generated towns, faints, privacy on and off', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
        (seed, agents, ticks, privacy, starved) => {
          const shard = createShard(loadConfigFile('configs/town.yaml', { agents, seed }));
          const encoder = new StateEncoder(encoderTables(shard), new AgentIdMask(privacy));
          const capture = new FrameCapture();
          expect(encoder.snapshotJson()).toBe(JSON.stringify(encoder.snapshot()));
          for (let t = 1; t <= ticks; t++) {
            for (const slot of starved) if (slot <= agents && t % 7 === slot % 7) shard.state.needs.hunger[slot] = 0;
            shard.step();
            encoder.apply(capture.capture(shard, t % 3 === 1));
            expect(encoder.snapshotJson()).toBe(JSON.stringify(encoder.snapshot()));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
