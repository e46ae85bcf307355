import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { InputError } from '../src/core/errors.js';
import { TownParallelEnv } from '../src/env/parallel-env.js';
import { type EnvStep, TownEnv } from '../src/env/town-env.js';
import { hashTensors } from '../src/tensors/tensor-hash.js';
import { readNpy } from './helpers/npy.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const dir = tempDir('townlet-uint8-');

type Variant = 'hybrid' | 'compact';

/** The default town, small, with the map dtype and variant given (compact with raw counts and object channels). */
function town(agents: number, seed: number, variant: Variant, dtype: 'float32' | 'uint8') {
  const loaded = loadConfigFile('configs/town.yaml', { agents, seed });
  const c = loaded.config;
  c.features.systems.observations = variant;
  c.observations.map_dtype = dtype;
  c.observations.compact.normalize_counts = false;
  c.observations.compact.object_channels = ['stove', 'bed'];
  c.env.episode_ticks = 1_000;
  return loaded;
}

/** Every row's map and feature values of a float32 env against the uint8 env's two tensors: -1 when equal. */
function firstMismatch(f: EnvStep, u: EnvStep, mapSize: number, obsDim: number, capacity: number): number {
  const obs = f.observations!;
  const map = u.obsMap!;
  const features = u.obsFeatures!;
  const featureDim = obsDim - mapSize;
  for (let row = 0; row < capacity; row++) {
    for (let i = 0; i < mapSize; i++) if (obs[row * obsDim + i] !== map[row * mapSize + i]) return row;
    for (let i = 0; i < featureDim; i++) {
      if (!Object.is(obs[row * obsDim + mapSize + i], features[row * featureDim + i])) return row;
    }
  }
  return -1;
}

describe('uint8 maps (observations.map_dtype)', () => {
  it('carry the same values as the float32 layout for the same seed and actions, every step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 20, max: 90 }),
        fc.constantFrom<Variant>('hybrid', 'compact'),
        fc.integer({ min: 5, max: 25 }),
        (seed, agents, variant, ticks) => {
          const f = new TownEnv(town(agents, seed, variant, 'float32'));
          const u = new TownEnv(town(agents, seed, variant, 'uint8'));
          try {
            const { mapSize, obsDim } = f.spec;
            expect(u.spec).toMatchObject({ mapSize, obsDim, mapDtype: 'uint8' });
            let a = f.views;
            let b = u.views;
            expect(firstMismatch(a, b, mapSize, obsDim, f.capacity)).toBe(-1);
            const rng = seedrandom(`uint8:${seed}`);
            const actions = new Int32Array(f.capacity);
            for (let tick = 1; tick <= ticks; tick++) {
              // Half the rows take an action their mask allows, half any action (a forbidden one is a no-op).
              for (let row = 0; row < actions.length; row++) {
                let pick = Math.floor(rng() * f.nActions);
                if (row % 2 === 0 && a.masks[row * f.nActions + pick] !== 1) pick = 0;
                actions[row] = pick;
              }
              a = f.step(actions);
              b = u.step(actions);
              expect(u.shard.hash()).toBe(f.shard.hash());
              expect(firstMismatch(a, b, mapSize, obsDim, f.capacity)).toBe(-1);
            }
          } finally {
            void f.close();
            void u.close();
          }
        },
      ),
      { seed: 20261203, numRuns: 6 },
    );
  });

  it('gives the env obsMap and obsFeatures, and no observations', () => {
    const env = new TownEnv(town(30, 4, 'hybrid', 'uint8'));
    try {
      const v = env.views;
      const featureDim = env.obsDim - env.spec.mapSize;
      expect(v.observations).toBeUndefined();
      expect(v.obsMap).toBeInstanceOf(Uint8Array);
      expect(v.obsMap!.length).toBe(env.capacity * env.spec.mapSize);
      expect(v.obsMap!.buffer).toBeInstanceOf(ArrayBuffer);
      expect(v.obsFeatures).toBeInstanceOf(Float32Array);
      expect(v.obsFeatures!.length).toBe(env.capacity * featureDim);
      // The views stay the same objects across steps and resets.
      const next = env.reset(5);
      expect(next.obsMap).toBe(v.obsMap);
      expect(next.obsFeatures).toBe(v.obsFeatures);
      // Every live agent sees itself at the centre of its own map.
      const { window } = env.spec;
      const centre = (window >> 1) * window + (window >> 1);
      for (let row = 0; row < env.capacity; row++) {
        expect(v.obsMap![row * env.spec.mapSize + centre]).toBe(next.alive[row]);
      }
    } finally {
      void env.close();
    }
  });

  it('are covered by the tensor hash: a changed map byte or feature changes it', () => {
    const env = new TownEnv(town(30, 4, 'compact', 'uint8'));
    try {
      const b = env.shard.tensors!.buffers;
      const before = hashTensors(b);
      b.obsMap![7] ^= 1;
      const mapChanged = hashTensors(b);
      b.obsMap![7] ^= 1;
      b.obsFeatures![3] += 1;
      expect(new Set([before, mapChanged, hashTensors(b)]).size).toBe(3);
    } finally {
      void env.close();
    }
  });

  it('are refused with the full variant (exit 2 naming the key), and by the per-agent view', () => {
    const config = writeTemp(
      dir,
      'full-uint8.yaml',
      'config_id: u8\nfeatures: { systems: { observations: full } }\nobservations: { map_dtype: uint8 }\n',
    );
    const r = runCli(['run', '--config', config, '--ticks', '1', '--tensors']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('observations.map_dtype');
    expect(r.stderr).toContain('uint8');
    expect(() => new TownParallelEnv(town(20, 1, 'hybrid', 'uint8'))).toThrow(InputError);
    expect(() => new TownParallelEnv(town(20, 1, 'hybrid', 'uint8'))).toThrow(/observations\.map_dtype/);
  });

  it('are captured as obs_map.npy (uint8 [T, N, C, H, W]) and obs_features.npy with the float32 capture\'s values', () => {
    const base = 'config_id: cap8\nseed: 3\nrun: { ticks: 12 }\npopulation: { count: 16 }\n';
    const f32 = writeTemp(dir, 'cap-f32.yaml', base);
    const u8 = writeTemp(dir, 'cap-u8.yaml', `${base}observations: { map_dtype: uint8 }\n`);
    expect(runCli(['capture', '--config', f32, '--quiet', '--out', join(dir, 'f32'), '--record-agents', '4']).code).toBe(0);
    expect(runCli(['capture', '--config', u8, '--quiet', '--out', join(dir, 'u8'), '--record-agents', '4']).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'u8', 'manifest.json'), 'utf8'));
    const { channels, window, mapSize, obsDim } = manifest.observation_spec;
    const featureDim = obsDim - mapSize;
    const mapShape = [12, 4, channels.length, window, window];
    expect(manifest.files['obs_map.npy']).toEqual({ dtype: '|u1', shape: mapShape });
    expect(manifest.files['obs_features.npy']).toEqual({ dtype: '<f4', shape: [12, 4, featureDim] });
    expect(manifest.files['observations.npy']).toBeUndefined();
    const map = readNpy(join(dir, 'u8', 'obs_map.npy'));
    expect(map.header).toContain(`'shape': (${mapShape.join(', ')})`);
    const features = readNpy(join(dir, 'u8', 'obs_features.npy')).data;
    const obs = readNpy(join(dir, 'f32', 'observations.npy')).data;
    const floats = (d: Buffer) => new Float32Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.length));
    const all = floats(obs);
    const feats = floats(features);
    expect(map.data.length).toBe(12 * 4 * mapSize);
    for (let r = 0; r < 12 * 4; r++) {
      expect(Array.from(map.data.subarray(r * mapSize, (r + 1) * mapSize))).toEqual(
        Array.from(all.subarray(r * obsDim, r * obsDim + mapSize)),
      );
      expect(Array.from(feats.subarray(r * featureDim, (r + 1) * featureDim))).toEqual(
        Array.from(all.subarray(r * obsDim + mapSize, (r + 1) * obsDim)),
      );
    }
  });
});
