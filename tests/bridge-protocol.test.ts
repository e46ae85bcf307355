import { describe, expect, it } from 'vitest';
import { checkActions } from '../src/bridge/action-check.js';
import { parseRequest } from '../src/bridge/parse-request.js';
import { bridgeLayout, envBuffers } from '../src/bridge/shm-layout.js';
import type { ObservationSpec } from '../src/tensors/observation-spec.js';
import { InputError } from '../src/core/errors.js';

describe('bridge control messages', () => {
  it('accepts each op and keeps the request id', () => {
    const r = parseRequest('{"op":"reset","seed":4,"hash":true,"id":9}');
    expect(r).toEqual({ ok: true, request: { op: 'reset', seed: 4, hash: true, id: 9 } });
  });

  it.each([
    ['not json', 'expected one JSON object per line'],
    ['{"op":"jump","id":3}', 'control message.op'],
    ['{"op":"reset","seed":-1}', 'control message.seed'],
    ['{"op":"step","extra":1}', 'extra'],
    ['{"op":"attach","path":"","slot":0,"slots":1}', 'control message.path'],
  ])('names what is wrong with %s', (line, fragment) => {
    const r = parseRequest(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(fragment);
  });

  it('keeps the id of a request it refuses', () => {
    expect(parseRequest('{"op":"jump","id":3}')).toMatchObject({ ok: false, id: 3 });
  });
});

describe('bridge shared-file layout', () => {
  /** A spec with just what the layout reads: 4 channels of a 3×3 window (mapSize 36) and `features` features. */
  const spec = (mapDtype: 'float32' | 'uint8', features: number) =>
    ({ mapDtype, window: 3, channels: ['a', 'b', 'c', 'd'], mapSize: 36, obsDim: 36 + features }) as unknown as
      ObservationSpec;

  it.each([
    [1, 1, 565, 12],
    [10_000, 1, 565, 12],
    [37, 3, 7, 5],
  ])('capacity %i × %i slots: aligned regions, no overlap, every block inside the file', (capacity, slots, obs, n) => {
    const layout = bridgeLayout(envBuffers(spec('float32', obs - 36), n), capacity, slots);
    let end = 0;
    for (const b of layout.buffers) {
      expect(b.offset % 64).toBe(0);
      expect(b.offset).toBeGreaterThanOrEqual(end);
      const elems = b.row_shape.reduce((x, y) => x * y, 1);
      expect(b.slot_bytes).toBe(capacity * elems * (b.dtype === 'uint8' ? 1 : 4));
      end = b.offset + b.slot_bytes * slots;
    }
    expect(layout.file_bytes).toBeGreaterThanOrEqual(end);
    expect(layout.buffers.map((b) => b.name)).toEqual([
      'actions', 'observations', 'action_mask', 'rewards', 'terminations', 'truncations', 'alive', 'agent_id',
    ]);
  });

  it('uint8 maps travel as obs_map [C, H, W] (uint8) and obs_features [F] (float32)', () => {
    const layout = bridgeLayout(envBuffers(spec('uint8', 81), 12), 10, 2);
    const byName = new Map(layout.buffers.map((b) => [b.name, b]));
    expect(byName.has('observations')).toBe(false);
    expect(byName.get('obs_map')).toMatchObject({ dtype: 'uint8', row_shape: [4, 3, 3], slot_bytes: 10 * 36 });
    expect(byName.get('obs_features')).toMatchObject({ dtype: 'float32', row_shape: [81], slot_bytes: 10 * 81 * 4 });
  });
});

describe('server-side action check', () => {
  it('passes valid ids and names the first bad row', () => {
    expect(() => checkActions(Int32Array.from([0, 11, 3]), 12)).not.toThrow();
    expect(() => checkActions(Int32Array.from([0, 12, -1]), 12)).toThrow(InputError);
    expect(() => checkActions(Int32Array.from([0, 2, -1]), 12)).toThrow(/actions\[2\]: expected an action id in \[0, 11\], found -1/);
  });
});
