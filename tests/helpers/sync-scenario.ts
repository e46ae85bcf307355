import { readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { loadConfigFile } from '../../src/config/load-config.js';
import { createShard, type Shard } from '../../src/core/shard.js';
import { TownEnv } from '../../src/env/town-env.js';
import { hashTensors } from '../../src/tensors/tensor-hash.js';

/**
 * The differential sync test's generator and runner (in the spirit of GGPO's SyncTest): one run steps a reference
 * shard inline and a subject shard through stepAsync with worker threads, under manifests whose preconditions read
 * world.tick and world.day, hot reloads at random ticks, workers killed at random ticks and env resets, and
 * compares the world hash and the tensor hash after every tick.
 */
export interface SyncScenario {
  seed: number;
  agents: number;
  threads: number;
  ticks: number;
  ticksPerDay: number;
  /** `world.tick > gate` is added to rest_sleep's preconditions; `world.day in (0, 2, 3) or …` to eat_meal's. */
  gate: number;
  /** Ticks before which the manifest is rewritten with a new gate and reloaded. */
  reloads: { tick: number; gate: number }[];
  /** Ticks before which the first worker task kills its worker mid-range. */
  kills: number[];
  /** Env runs: ticks before which the env is reset, with the new seed. */
  resets: { tick: number; seed: number }[];
  /** observations.map_dtype: one float32 tensor, or a uint8 map tensor and a float32 feature tensor. */
  mapDtype: 'float32' | 'uint8';
  /** The observation variant (compact: raw agent counts and an object channel). */
  variant: 'hybrid' | 'compact';
}

const CORE = readFileSync('configs/affordances/core.yaml', 'utf8');

/** core.yaml with clock-reading preconditions: masks and uses depend on the tick, the day and the gate. */
export function gatedManifest(gate: number): string {
  const sleep = 'preconds: occupied == false\n  effects: { energy: 0.8 }';
  const eat = '    - meal_available == true\n';
  if (!CORE.includes(sleep) || !CORE.includes(eat)) throw new Error('core.yaml changed: update the sync test');
  return CORE.replace(sleep, `preconds: occupied == false and world.tick > ${gate}\n  effects: { energy: 0.8 }`)
    .replace(eat, `${eat}    - world.day in (0, 2, 3) or world.tick > ${gate + 20}\n`);
}

/** The scenario generator: small towns, short runs, 0–3 threads, adversarial reload, kill and reset ticks. */
export function syncScenarios(): fc.Arbitrary<SyncScenario> {
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      agents: fc.integer({ min: 30, max: 120 }),
      threads: fc.integer({ min: 0, max: 3 }),
      ticks: fc.integer({ min: 12, max: 30 }),
      ticksPerDay: fc.constantFrom(8, 15, 1440),
      gate: fc.integer({ min: 0, max: 12 }),
      reloads: fc.array(fc.record({ tick: fc.integer({ min: 1, max: 30 }), gate: fc.integer({ min: 0, max: 30 }) }), {
        maxLength: 3,
      }),
      kills: fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 2 }),
      resets: fc.array(fc.record({ tick: fc.integer({ min: 2, max: 30 }), seed: fc.integer({ min: 1, max: 999 }) }), {
        maxLength: 2,
      }),
      mapDtype: fc.constantFrom('float32' as const, 'uint8' as const),
      variant: fc.constantFrom('hybrid' as const, 'compact' as const),
    })
    .map((s) => ({ ...s, reloads: [...s.reloads].sort((a, b) => a.tick - b.tick) }));
}

let counter = 0;
let mtime = 1_700_000_000;

/** Writes a manifest atomically with a fresh modification time (so a watcher would see every write). */
function writeManifest(path: string, text: string): void {
  const next = `${path}.next-${++counter}`;
  writeFileSync(next, text);
  mtime += 10;
  utimesSync(next, mtime, mtime);
  renameSync(next, path);
}

function townConfig(dir: string, sc: SyncScenario, threads: number) {
  const manifest = join(dir, `sync-${++counter}.yaml`);
  writeManifest(manifest, gatedManifest(sc.gate));
  const loaded = loadConfigFile('configs/town.yaml', { agents: sc.agents, seed: sc.seed });
  const c = loaded.config;
  c.ticks_per_day = sc.ticksPerDay;
  c.affordances.manifest = manifest;
  c.affordances.hot_reload = false;
  c.workers.inline_below_agents = 0;
  c.workers.threads = threads;
  c.env.episode_ticks = 1_000;
  c.observations.map_dtype = sc.mapDtype;
  c.features.systems.observations = sc.variant;
  c.observations.compact.normalize_counts = false;
  c.observations.compact.object_channels = ['stove'];
  return { loaded, manifest };
}

/** The first tick at which the two sides differ, with what differed, or null. */
export type Divergence = { tick: number; what: 'world' | 'tensors' } | null;

/** What a sync run found: the first divergence (or null) and the row ranges worker threads wrote themselves. */
export interface SyncResult {
  divergence: Divergence;
  workerRanges: number;
}

function workerRanges(shard: Shard): number {
  const p = shard.workerPool;
  return p ? p.tasks - p.stale - p.recoveries : 0;
}

function compare(tick: number, a: Shard, b: Shard): Divergence {
  if (a.hash() !== b.hash()) return { tick, what: 'world' };
  if (hashTensors(a.tensors!.buffers) !== hashTensors(b.tensors!.buffers)) return { tick, what: 'tensors' };
  return null;
}

/** Scripted shards: inline step() against stepAsync() with the scenario's threads. */
export async function runShardSync(dir: string, sc: SyncScenario): Promise<SyncResult> {
  const ref = townConfig(dir, sc, 0);
  const sub = townConfig(dir, sc, sc.threads);
  const inline = createShard(ref.loaded, { tensors: true, workers: 0 });
  const pooled = createShard(sub.loaded, { tensors: true, workers: sc.threads });
  try {
    for (let tick = 1; tick <= sc.ticks; tick++) {
      for (const r of sc.reloads.filter((x) => x.tick === tick)) {
        writeManifest(ref.manifest, gatedManifest(r.gate));
        writeManifest(sub.manifest, gatedManifest(r.gate));
        inline.reloadManifest();
        pooled.reloadManifest();
      }
      if (sc.kills.includes(tick)) pooled.workerPool?.killWorkerOnNextTick();
      inline.step();
      await pooled.stepAsync();
      const d = compare(tick, inline, pooled);
      if (d) return { divergence: d, workerRanges: workerRanges(pooled) };
    }
    return { divergence: null, workerRanges: workerRanges(pooled) };
  } finally {
    await Promise.all([inline.close(), pooled.close()]);
  }
}

/** Envs with seeded random actions: step() against stepAsync(), resets and reloads at the scenario's ticks. */
export async function runEnvSync(dir: string, sc: SyncScenario): Promise<SyncResult> {
  const ref = townConfig(dir, sc, 0);
  const sub = townConfig(dir, sc, sc.threads);
  const a = new TownEnv(ref.loaded);
  const b = new TownEnv(sub.loaded);
  const rng = seedrandom(`sync:${sc.seed}`);
  const actions = new Int32Array(a.capacity);
  const result = (divergence: Divergence): SyncResult => ({ divergence, workerRanges: workerRanges(b.shard) });
  try {
    const first = compare(0, a.shard, b.shard);
    if (first) return result(first);
    for (let tick = 1; tick <= sc.ticks; tick++) {
      for (const r of sc.resets.filter((x) => x.tick === tick)) {
        a.reset(r.seed);
        b.reset(r.seed);
        const d = compare(tick, a.shard, b.shard);
        if (d) return result(d);
      }
      for (const r of sc.reloads.filter((x) => x.tick === tick)) {
        writeManifest(ref.manifest, gatedManifest(r.gate));
        writeManifest(sub.manifest, gatedManifest(r.gate));
        a.shard.reloadManifest();
        b.shard.reloadManifest();
      }
      if (sc.kills.includes(tick)) b.shard.workerPool?.killWorkerOnNextTick();
      const masks = a.shard.tensors!.buffers.masks;
      const n = a.nActions;
      // Half the rows pick a masked-in action, half any action (forbidden ones are counted no-ops).
      for (let row = 0; row < actions.length; row++) {
        let pick = Math.floor(rng() * n);
        if (row % 2 === 0 && masks[row * n + pick] !== 1) pick = 0;
        actions[row] = pick;
      }
      a.step(actions);
      await b.stepAsync(actions);
      const d = compare(tick, a.shard, b.shard);
      if (d) return result(d);
    }
    return result(null);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}
