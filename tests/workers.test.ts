import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { hashTensors } from '../src/tensors/tensor-hash.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir();

const open: Shard[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** The default town at 300 agents with the tensors on; `workers` threads, the pool used whatever the size. */
function town(workers: number, inlineBelow = 0): Shard {
  const loaded = loadConfigFile('configs/town.yaml', { agents: 300 });
  loaded.config.workers.inline_below_agents = inlineBelow;
  const shard = createShard(loaded, { tensors: true, workers });
  open.push(shard);
  return shard;
}

/** Steps both shards `ticks` times (the second with stepAsync) and returns the first tick they differ, or 0. */
async function firstDifference(inline: Shard, pooled: Shard, ticks: number, each?: (t: number) => void) {
  for (let t = 1; t <= ticks; t++) {
    each?.(t);
    inline.step();
    await pooled.stepAsync();
    if (hashTensors(inline.tensors!.buffers) !== hashTensors(pooled.tensors!.buffers)) return t;
    if (inline.hash() !== pooled.hash()) return t;
  }
  return 0;
}

describe('the tensor worker pool', () => {
  it('writes the same bytes as the inline path with 1 and with 2 worker threads', async () => {
    for (const threads of [1, 2]) {
      const pooled = town(threads);
      expect(await firstDifference(town(0), pooled, 40)).toBe(0);
      expect(pooled.workerPool!.threads).toBe(threads);
      expect(pooled.workerPool!.tasks).toBe(40 * threads);
      expect(pooled.workerPool!.recoveries).toBe(0);
    }
  });

  it('redoes the rows of a worker that dies mid-tick, replaces it and goes on with the same bytes', async () => {
    const pooled = town(2);
    const diff = await firstDifference(town(0), pooled, 30, (t) => {
      if (t === 12) pooled.workerPool!.killWorkerOnNextTick();
    });
    expect(diff).toBe(0);
    expect(pooled.workerPool!.recoveries).toBe(1);
    // Every later tick went to the workers again (the dead one was replaced).
    expect(pooled.workerPool!.tasks).toBe(30 * 2);
  });

  it('keeps a small shard inline (below workers.inline_below_agents): no task reaches a worker', async () => {
    const pooled = town(2, 1000);
    expect(await firstDifference(town(0), pooled, 5)).toBe(0);
    expect(pooled.workerPool!.tasks).toBe(0);
  });

  it('townlet run --tensors gives the same tensor hash with 0 and 2 workers', () => {
    const hash = (workers: string) => {
      const out = join(dir, `w${workers}.json`);
      const r = runCli(['run', '--config', 'configs/town.yaml', '--agents', '3000', '--ticks', '20', '--tensors',
        '--workers', workers, '--quiet', '--summary-json', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')).tensor_hash as string;
    };
    const inline = hash('0');
    expect(inline).toMatch(/^[0-9a-f]{16}$/);
    expect(hash('2')).toBe(inline);
  });
});

describe('townlet run with workers (black box)', () => {
  /** The issue-10 repro: configs/ copied, every shard pooled, rest_sleep gated on world.tick. */
  function gatedConfigs(): string {
    const copy = join(dir, 'configs');
    cpSync('configs', copy, { recursive: true });
    const town = join(copy, 'town.yaml');
    const townText = readFileSync(town, 'utf8');
    expect(townText).toMatch(/^workers:\n/m);
    writeFileSync(town, townText.replace(/^workers:\n/m, 'workers:\n  inline_below_agents: 0\n'));
    const manifest = join(copy, 'affordances', 'core.yaml');
    const sleep = 'preconds: occupied == false\n  effects: { energy: 0.8 }';
    const text = readFileSync(manifest, 'utf8');
    expect(text).toContain(sleep);
    writeFileSync(manifest, text.replace(sleep, sleep.replace('occupied == false', 'occupied == false and world.tick > 3')));
    return town;
  }

  function summary(args: string[]): Record<string, unknown> {
    const out = join(dir, `summary-${args.join('-').replace(/[^a-z0-9-]/gi, '')}.json`);
    const r = runCli(['run', ...args, '--quiet', '--summary-json', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  }

  it('a manifest reading world.tick gives one tensor_hash for 0, 1 and 2 workers', () => {
    const config = gatedConfigs();
    const runs = ['0', '1', '2'].map((w) =>
      summary(['--config', config, '--agents', '60', '--ticks', '12', '--tensors', '--workers', w]));
    expect(runs[0]!['tensor_hash']).toMatch(/^[0-9a-f]{16}$/);
    for (const r of runs) {
      expect(r['tensor_hash']).toBe(runs[0]!['tensor_hash']);
      expect(r['world_hash']).toBe(runs[0]!['world_hash']);
    }
  });

  it('--profile --workers 1 times every system on the pooled path, and the pool wait as its own row', () => {
    const s = summary(['--config', 'configs/town.yaml', '--agents', '2500', '--ticks', '6', '--tensors', '--workers',
      '1', '--profile']);
    const rows = s['profile'] as { system: string; total_ms: number }[];
    const ms = (name: string) => rows.find((r) => r.system === name)!.total_ms;
    expect(rows.map((r) => r.system)).toContain('pool-wait');
    for (const system of ['4:scripted-policy', '5:actions', '13:tensors', '15:kpis']) expect(ms(system)).toBeGreaterThan(0);
    expect(ms('pool-wait')).toBeGreaterThan(0);
  });
});

describe('the env with workers', () => {
  it('stepAsync returns the same views and bytes as step', async () => {
    const { TownEnv } = await import('../src/env/town-env.js');
    const config = (threads: number) => ({
      config_id: 'env-workers',
      seed: 5,
      population: { count: 200 },
      workers: { threads, inline_below_agents: 0 },
      env: { episode_ticks: 30 },
    });
    const inline = new TownEnv(config(0));
    const pooled = new TownEnv(config(1));
    const a = inline.reset();
    const b = pooled.reset();
    // Worker threads write rows, so the pooled env's views are shared memory; the inline env's need not be.
    expect(b.observations!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.observations!.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    for (let t = 0; t < 30; t++) {
      const actions = new Int32Array(inline.capacity).map((_, row) => (row * 7 + t) % inline.nActions);
      inline.step(actions);
      const views = await pooled.stepAsync(actions);
      expect(views.observations).toBe(b.observations);
      expect(hashTensors(pooled.shard.tensors!.buffers)).toBe(hashTensors(inline.shard.tensors!.buffers));
    }
    expect(Array.from(b.rewards)).toEqual(Array.from(a.rewards));
    expect(pooled.shard.workerPool!.tasks).toBe(30);
    await Promise.all([inline.close(), pooled.close()]);
  });
});
