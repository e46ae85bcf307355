import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { ShardBusyError } from '../src/core/errors.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { StateRegistry } from '../src/core/state-registry.js';
import { TownParallelEnv } from '../src/env/parallel-env.js';
import { TownEnv } from '../src/env/town-env.js';
import { assertWorkerBuild, recordedBuildId, runningBuildId, sourceDigest } from '../src/workers/build-id.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-guards-');
const open: Shard[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

function town(workers: number): Shard {
  const loaded = loadConfigFile('configs/town.yaml', { agents: 200 });
  loaded.config.workers.inline_below_agents = 0;
  const shard = createShard(loaded, { tensors: true, workers });
  open.push(shard);
  return shard;
}

const envConfig = (threads: number) => ({
  config_id: 'guards',
  seed: 9,
  population: { count: 120 },
  workers: { threads, inline_below_agents: 0 },
  env: { episode_ticks: 50 },
});

describe('one busy guard', () => {
  it('refuses every mutation while a stepAsync is in flight, naming the call, and changes nothing', async () => {
    const pooled = town(1);
    const reference = town(0);
    const tick = pooled.stepAsync();
    const calls: [string, () => unknown][] = [
      ['step', () => pooled.step()],
      ['stepAsync', () => pooled.stepAsync()],
      ['reloadManifest', () => pooled.reloadManifest()],
      ['setPrice', () => pooled.setPrice('meal_cost', 9)],
      ['setWage', () => pooled.setWage('grocer', 9)],
      ['schedulePerturbation', () => pooled.schedulePerturbation('blackout')],
      ['cancelPerturbation', () => pooled.cancelPerturbation(1)],
      ['approveEmploymentExit', () => pooled.approveEmploymentExit('agent-1')],
      ['deferEmploymentExit', () => pooled.deferEmploymentExit('agent-1')],
    ];
    expect(pooled.busy).toBe(true);
    for (const [name, call] of calls) {
      let thrown: unknown;
      try {
        await call();
      } catch (err) {
        thrown = err;
      }
      expect(thrown, name).toBeInstanceOf(ShardBusyError);
      expect((thrown as ShardBusyError).call).toBe(name);
      expect((thrown as Error).message).toContain(`${name}: the shard is busy`);
    }
    await tick;
    expect(pooled.busy).toBe(false);
    reference.step();
    expect(pooled.tick).toBe(1);
    expect(pooled.hash()).toBe(reference.hash());
    expect(pooled.prices()).toEqual(reference.prices());
  });

  it('close() waits for the tick in flight, then refuses to step', async () => {
    const pooled = town(1);
    const tick = pooled.stepAsync();
    await pooled.close();
    await tick;
    expect(pooled.tick).toBe(1);
    expect(() => pooled.step()).toThrow('step: the shard is closed');
  });

  it('env.reset and env.step are refused while env.stepAsync is in flight', async () => {
    const env = new TownEnv(envConfig(1));
    const actions = new Int32Array(env.capacity);
    const step = env.stepAsync(actions);
    expect(() => env.reset()).toThrow(ShardBusyError);
    expect(() => env.step(actions)).toThrow(ShardBusyError);
    await step;
    expect(env.views.episodeTick).toBe(1);
    await env.close();
  });
});

describe('cheap resets', () => {
  it('TownEnv.reset keeps the worker pool and its threads; the workers re-attach to the new world', async () => {
    const env = new TownEnv(envConfig(2));
    const inline = new TownEnv(envConfig(0));
    const pool = env.shard.workerPool!;
    const actions = new Int32Array(env.capacity).fill(0);
    for (const seed of [3, 4]) {
      env.reset(seed);
      inline.reset(seed);
      expect(env.shard.workerPool).toBe(pool);
      for (let t = 0; t < 5; t++) {
        await env.stepAsync(actions);
        inline.step(actions);
      }
      expect(env.shard.hash()).toBe(inline.shard.hash());
      expect(Buffer.from(env.views.observations!.buffer).equals(Buffer.from(inline.views.observations!.buffer))).toBe(
        true,
      );
    }
    expect(pool.tasks - pool.stale - pool.recoveries).toBeGreaterThan(0);
    expect(env.episodes).toBe(3);
    await Promise.all([env.close(), inline.close()]);
  });

  it('the TownParallelEnv constructor builds one world', async () => {
    const parallel = new TownParallelEnv(envConfig(0));
    expect(parallel.env.episodes).toBe(1);
    await parallel.env.close();
  });
});

describe('workers get what they read, by construction', () => {
  it('the registry refuses an array that is not on a SharedArrayBuffer', () => {
    const registry = new StateRegistry();
    expect(() => registry.addField('scratch.values', { values: new Float32Array(4) }, 'values')).toThrow(
      'state registry: "scratch.values" is not on a SharedArrayBuffer',
    );
  });

  it('every registered array of a shard with tensors is shared (the clock included)', () => {
    const shard = town(0);
    const arrays = shard.state.registry.arrays();
    expect(arrays.map(([name]) => name)).toContain('clock.tick');
    for (const [name, array] of arrays) expect(array.buffer instanceof SharedArrayBuffer, name).toBe(true);
  });

  it('tensor buffers are shared exactly when worker threads write them; unshared ones lent to workers are refused', () => {
    const inline = town(0);
    const pooled = town(1);
    for (const [shard, shared] of [[inline, false], [pooled, true]] as const) {
      const b = shard.tensors!.buffers;
      for (const a of [b.observations!, b.masks, b.rewards, b.alive]) {
        expect(a.buffer instanceof SharedArrayBuffer).toBe(shared);
      }
    }
    const loaded = loadConfigFile('configs/town.yaml', { agents: 200 });
    expect(() => createShard(loaded, { tensors: true, workers: 1, tensorBuffers: inline.tensors!.buffers })).toThrow(
      'options.tensorBuffers are on ordinary ArrayBuffers (lent by a shard without worker threads)',
    );
  });

  it('rebinding puts the other thread\'s array where every reader finds it', () => {
    const shard = town(0);
    const twin = new Int32Array(new SharedArrayBuffer(4));
    twin[0] = 77;
    shard.state.registry.rebind('clock.tick', twin);
    expect(shard.state.clock).toBe(twin);
    expect(shard.tick).toBe(77);
    expect(() => shard.state.registry.rebind('clock.tick', new Int32Array(new SharedArrayBuffer(8)))).toThrow(
      '"clock.tick" is a Int32Array[1] here, Int32Array[2] in the other thread',
    );
  });
});

describe('same code in every thread', () => {
  it('the code under test and dist/ (what workers run) come from the same sources', () => {
    expect(runningBuildId()).toMatch(/^[0-9a-f]{16}$/);
    expect(recordedBuildId()).toBe(runningBuildId());
  });

  it('the build id follows every source byte, and a mismatch stops the pool with a clear error', () => {
    const copy = join(dir, 'sources');
    mkdirSync(copy);
    for (const folder of ['src', 'systems', 'components']) cpSync(folder, join(copy, folder), { recursive: true });
    const before = sourceDigest(copy);
    expect(before).toBe(runningBuildId());
    const file = join(copy, 'systems', 'needs-decay.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}// edited\n`);
    const after = sourceDigest(copy);
    expect(after).not.toBe(before);
    expect(() => assertWorkerBuild(after, before)).toThrow(
      `worker threads would run dist/ built from other sources (build ${before}) than this code (${after}): ` +
      'run `npm run build`',
    );
    expect(() => assertWorkerBuild(before, before)).not.toThrow();
  });
});
