import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npyHeader } from '../src/capture/npy-writer.js';
import { recordedRows } from '../src/capture/capture-run.js';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { readNpy } from './helpers/npy.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const dir = tempDir();
const config = writeTemp(dir, 'cap.yaml', 'config_id: cap\nseed: 9\nrun: { ticks: 40 }\npopulation: { count: 20 }\n');

describe('.npy headers', () => {
  it('are numpy 1.0 headers padded to 64 bytes with the dtype and C-order shape', () => {
    const h = Buffer.from(npyHeader('<f4', [3, 2, 5])).toString('latin1');
    expect(h.slice(0, 6)).toBe('\x93NUMPY');
    expect(h.length % 64).toBe(0);
    expect(h).toContain('{\'descr\': \'<f4\', \'fortran_order\': False, \'shape\': (3, 2, 5), }');
    expect(h.endsWith('\n')).toBe(true);
    expect(Buffer.from(npyHeader('|b1', [7])).toString('latin1')).toContain('\'shape\': (7,)');
  });

  it('record an evenly spread, deterministic subset of rows', () => {
    expect(Array.from(recordedRows(100, 4))).toEqual([0, 25, 50, 75]);
    expect(Array.from(recordedRows(5, 5))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('townlet capture', () => {
  it('writes six arrays of the declared shapes and a manifest; the actions are those of the same run', () => {
    const out = join(dir, 'a');
    const r = runCli(['capture', '--config', config, '--out', out, '--record-agents', '5', '--chunk-ticks', '7']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const { obsDim } = manifest.observation_spec;
    const nActions = manifest.action_names.length;
    expect(manifest).toMatchObject({ config_id: 'cap', seed: 9, ticks: 40, recorded_agents: 5, capacity: 20 });
    expect(manifest.recorded_rows).toEqual([0, 4, 8, 12, 16]);
    expect(manifest.chunking).toEqual({ ticks_per_chunk: 7, chunks: 6 });
    const expected: [string, string, number[], number][] = [
      ['observations', '<f4', [40, 5, obsDim], 4],
      ['actions', '<i4', [40, 5], 4],
      ['rewards', '<f4', [40, 5], 4],
      ['terminations', '|b1', [40, 5], 1],
      ['truncations', '|b1', [40, 5], 1],
      ['action_masks', '|u1', [40, 5, nActions], 1],
    ];
    for (const [name, descr, shape, size] of expected) {
      const { header, data } = readNpy(join(out, `${name}.npy`));
      expect(header).toContain(`'descr': '${descr}'`);
      expect(header).toContain(`'shape': (${shape.join(', ')})`);
      expect(data.length).toBe(shape.reduce((a, b) => a * b, 1) * size);
      expect(manifest.files[`${name}.npy`]).toEqual({ dtype: descr, shape });
    }
    // The same config and seed stepped in-process: the recorded actions are the scripted policy's.
    const shard = createShard(loadConfigFile(config), { tensors: true });
    const { data } = readNpy(join(out, 'actions.npy'));
    const recorded = new Int32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
    for (let t = 0; t < 40; t++) {
      shard.step();
      const rows = [0, 4, 8, 12, 16].map((row) => shard.actions[row]);
      expect(Array.from(recorded.subarray(t * 5, t * 5 + 5))).toEqual(rows);
    }
    // The last tick truncates every recorded agent still alive.
    const truncations = readNpy(join(out, 'truncations.npy')).data;
    expect(Array.from(truncations.subarray(39 * 5))).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(truncations.subarray(0, 39 * 5)).every((v) => v === 0)).toBe(true);
  });

  it('gives the same bytes whatever the chunk size', () => {
    runCli(['capture', '--config', config, '--quiet', '--out', join(dir, 'c1'), '--chunk-ticks', '1']);
    runCli(['capture', '--config', config, '--quiet', '--out', join(dir, 'c64'), '--chunk-ticks', '64']);
    for (const name of ['observations', 'actions', 'rewards', 'action_masks']) {
      const a = readFileSync(join(dir, 'c1', `${name}.npy`));
      expect(a.equals(readFileSync(join(dir, 'c64', `${name}.npy`)))).toBe(true);
      expect(statSync(join(dir, 'c64', `${name}.npy`)).size).toBe(a.length);
    }
  });

  it('records the same bytes with worker threads as inline', () => {
    const run = (workers: string) =>
      runCli(['capture', '--config', 'configs/town.yaml', '--agents', '2500', '--ticks', '8', '--quiet',
        '--workers', workers, '--out', join(dir, `w${workers}`)]);
    expect(run('0').code).toBe(0);
    expect(run('2').code).toBe(0);
    for (const name of ['observations', 'actions', 'rewards', 'action_masks']) {
      expect(readFileSync(join(dir, 'w2', `${name}.npy`)).equals(readFileSync(join(dir, 'w0', `${name}.npy`)))).toBe(true);
    }
  });

  it('rejects a subset larger than the shard and a missing --out', () => {
    const big = runCli(['capture', '--config', config, '--out', join(dir, 'x'), '--record-agents', '21']);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('--record-agents: expected an integer in [1, 20]');
    expect(runCli(['capture', '--config', config]).code).toBe(2);
  });
});
