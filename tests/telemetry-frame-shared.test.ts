import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { columnBuffers, FrameCapture } from '../src/telemetry/frame.js';

// Frames reach the encoder's thread without a transfer: detaching any ArrayBuffer on the tick thread makes V8
// check every typed-array access for detachment from then on, and the whole world tick ran ~17% slower.
describe('telemetry frames', () => {
  it('live on SharedArrayBuffers, so posting them transfers (detaches) nothing on the tick thread', () => {
    const shard = createShard(loadConfigFile('configs/town.yaml', { agents: 60 }));
    shard.run(30);
    const capture = new FrameCapture();
    for (let i = 0; i < 3; i++) {
      const frame = capture.capture(shard, true);
      for (const columns of [frame.agents, frame.objects, frame.events]) {
        for (const [name, column] of Object.entries(columns ?? {})) {
          expect((column as Uint8Array).buffer instanceof SharedArrayBuffer, name).toBe(true);
        }
      }
      expect(frame.events.kind.length).toBe(shard.state.events.length);
      expect(columnBuffers(frame.agents, frame.objects, frame.events)).toEqual([]);
      const events = frame.events.agent.buffer as ArrayBuffer;
      capture.recycle({ agents: frame.agents, objects: frame.objects, events });
      shard.step();
    }
    // Columns on ordinary buffers still need a transfer to move without a copy.
    const plain = { a: new Float32Array(4) };
    expect(columnBuffers(plain)).toEqual([plain.a.buffer]);
  });
});

describe('telemetry id changes', () => {
  it('a slot whose id is written without a new life (a spawn into a never-used slot) is sent its id', () => {
    const loaded = loadConfigFile('configs/town.yaml', { agents: 20 });
    loaded.config.population.capacity = 24;
    const shard = createShard(loaded);
    const capture = new FrameCapture();
    const first = capture.capture(shard, true);
    expect(first.idChanges.find(([slot]) => slot === 22)).toEqual([22, '']);
    expect(shard.state.life.life[22]).toBe(0);
    shard.state.agentIds.set(22, 'visitor-1');
    const next = capture.capture(shard, true);
    expect(next.idChanges).toEqual([[22, 'visitor-1']]);
    expect(capture.capture(shard, true).idChanges).toEqual([]);
  });
});
