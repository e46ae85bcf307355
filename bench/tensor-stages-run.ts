import { Bench } from 'tinybench';
import { type LoadedConfig, loadConfigFile } from '../src/config/load-config.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { writeCoreFeatures, writeLandmarks, writePersonality, writeWork } from '../src/tensors/features.js';
import { writeCompactMap, writeHybridMap } from '../src/tensors/map-encoders.js';
import { writeMasks } from '../src/tensors/masks.js';
import { observationContext } from '../src/tensors/observation-context.js';
import { prepareObservations } from '../src/tensors/observation-prepare.js';
import { copyWindow, startWindows, writeObservations, zeroRow } from '../src/tensors/observations.js';
import { gatherRewardEvents } from '../src/tensors/reward-events.js';
import { tickedPasses } from './ticked-pass.js';
import { writeRewards } from '../src/tensors/rewards.js';
import { writeSocialSnippet } from '../src/tensors/social-snippet.js';

/** One process's figures: per stage, nanoseconds per live agent (mean of tinybench's samples). */
export interface StagesRunResult {
  agents: number;
  obs_dim: number;
  stages_ns_per_agent: Record<string, number>;
  /** prepare + all observation rows (one thread) over real ticks, as the observation system runs them. */
  observations_per_sec: number;
  fill_gb_per_sec: number;
  /** Bytes the observation rows write ÷ the fill bandwidth measured here. */
  share_of_fill: number;
  /** The same town with observations.map_dtype uint8, on the same ticks in the same process (interleaved). */
  observations_uint8_per_sec: number;
  uint8_over_float32: number;
  /**
   * The same ratio from alternating rounds (PAIRED_ROUNDS pairs of TICKS_PER_ROUND ticks, the order swapped every
   * pair): the median of the pairs' ratios, which a machine whose speed drifts within the process moves less.
   */
  uint8_over_float32_paired: number;
}

const PAIRED_ROUNDS = 16;
/** World ticks a round observes per layout. */
const TICKS_PER_ROUND = 8;

/** A shard of `loaded` (with map_dtype `dtype`) after 200 ticks: agents spread out, some hold objects, have ties. */
function warmShard(loaded: LoadedConfig, dtype: 'float32' | 'uint8'): Shard {
  const config = { ...loaded.config, observations: { ...loaded.config.observations, map_dtype: dtype } };
  const shard = createShard({ ...loaded, config }, { tensors: true });
  shard.run(200);
  return shard;
}

/**
 * One fresh process of the tensor stage profile (bench/tensor-stages.bench.ts runs several): the default town at
 * `agents` agents after 200 ticks, then each stage of the tensor phase timed on its own over every slot, one
 * thread. Stages: prepare (observation + mask prepare steps), row zeroing, map channels, features (core, work,
 * landmarks, personality), social snippet, masks, rewards (event gathering + reward rows), all on one tick;
 * `observations` is prepare + every observation row together over the following real ticks (what the system runs,
 * rows keeping unchanged windows included: ticked-pass.ts), also measured for a twin shard with uint8 maps on the
 * same ticks.
 */
async function measure(agents: number, seconds: number, config: string): Promise<StagesRunResult> {
  const loaded = loadConfigFile(config, { agents });
  const shard = warmShard(loaded, 'float32');
  const twin = warmShard(loaded, 'uint8');
  const s = shard.state;
  const t = shard.tensors!;
  const tick = s.clock[0]!;
  const end = s.layout.capacity + 1;
  const live = s.live.count(s.life.alive);
  const obs = t.buffers.observations!;
  const dim = t.spec.obsDim;
  const compact = t.spec.variant === 'compact';
  const { alive } = s.life;
  const { x, y } = s.positions;
  const width = s.grid.width;
  prepareObservations(s, t, tick);
  const c = observationContext(s, t, tick);
  const zeros = new Float32Array(dim);

  const fill = new Float32Array(new SharedArrayBuffer(64 * 1024 * 1024));
  fill.fill(1); // touch every page first
  let v = 0;

  const stages: Record<string, () => void> = {
    prepare: () => prepareObservations(s, t, tick),
    zeroing: () => {
      // The floor of the row writes: one copy of an unshared zero row per slot (writeObservations' copies of
      // cached windows cost the same per row).
      for (let eid = 1; eid < end; eid++) obs.set(zeros, (eid - 1) * dim);
    },
    windows: () => {
      // What writeObservations does before the features: each row a copy of its tile's window (built on a miss).
      const w = startWindows(c);
      for (let eid = 1; eid < end; eid++) {
        if (alive[eid] === 1) copyWindow(w, eid, x[eid]!, y[eid]!);
        else zeroRow(w, eid);
      }
    },
    map: () => {
      // Building every agent's window, without the cache (rows zeroed before, by the zeroing stage).
      for (let eid = 1; eid < end; eid++) {
        if (alive[eid] !== 1) continue;
        const base = (eid - 1) * dim;
        if (compact) writeCompactMap(c, base, base, x[eid]!, y[eid]!);
        else writeHybridMap(c, base, base, x[eid]!, y[eid]!);
      }
    },
    features: () => {
      for (let eid = 1; eid < end; eid++) {
        if (alive[eid] !== 1) continue;
        const base = (eid - 1) * dim;
        const cx = x[eid]!;
        const cy = y[eid]!;
        const tile = cy * width + cx;
        writeCoreFeatures(c, base, eid, tile);
        writeWork(c, base, eid, cx, cy, tile);
        if (c.landmarks >= 0) writeLandmarks(c, base, cx, cy, tile);
        if (c.personality >= 0) writePersonality(c, base, eid);
      }
    },
    social: () => {
      for (let eid = 1; eid < end; eid++) if (alive[eid] === 1) writeSocialSnippet(c, (eid - 1) * dim, eid);
    },
    masks: () => writeMasks(s, t, tick, 1, end),
    rewards: () => {
      gatherRewardEvents(s, t.rewards);
      writeRewards(s, t, tick, 1, end);
    },
    fill64MiB: () => fill.fill((v = 1 - v)),
  };
  const bench = new Bench({ time: seconds * 1000, warmup: true });
  for (const [name, fn] of Object.entries(stages)) bench.add(name, fn);
  await bench.run();
  const meanMs: Record<string, number> = {};
  for (const task of bench.tasks) {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    meanMs[task.name] = r.latency.mean;
  }
  const ns: Record<string, number> = {};
  for (const name of Object.keys(stages)) {
    if (name !== 'fill64MiB') ns[name] = +((meanMs[name]! * 1e6) / live).toFixed(1);
  }
  // The whole pass over real ticks (ticked-pass.ts), both layouts in turn on the same ticks.
  const writers = { prepare: prepareObservations, write: writeObservations };
  const paired: number[] = [];
  const totals = { float32: { ms: 0, rows: 0 }, uint8: { ms: 0, rows: 0 } };
  for (let r = 0; r < PAIRED_ROUNDS; r++) {
    const uint8First = r % 2 === 1;
    const a = uint8First ? tickedPasses(twin, writers, TICKS_PER_ROUND) : undefined;
    const f = tickedPasses(shard, writers, TICKS_PER_ROUND);
    const u = a ?? tickedPasses(twin, writers, TICKS_PER_ROUND);
    for (const [sum, part] of [[totals.float32, f], [totals.uint8, u]] as const) {
      sum.ms += part.ms;
      sum.rows += part.rows;
    }
    paired.push(u.rows / u.ms / (f.rows / f.ms));
  }
  paired.sort((a, b) => a - b);
  const perSec = (x: { ms: number; rows: number }) => x.rows / (x.ms / 1000);
  ns['observations'] = +(1e9 / perSec(totals.float32)).toFixed(1);
  const obsSec = live / perSec(totals.float32);
  const fillPerSec = fill.byteLength / (meanMs['fill64MiB']! / 1000);
  const uint8PerSec = perSec(totals.uint8);
  await shard.close();
  await twin.close();
  return {
    agents: live,
    obs_dim: dim,
    stages_ns_per_agent: ns,
    observations_per_sec: Math.round(live / obsSec),
    fill_gb_per_sec: +(fillPerSec / 1e9).toFixed(2),
    share_of_fill: +((s.layout.capacity * dim * 4) / obsSec / fillPerSec).toFixed(3),
    observations_uint8_per_sec: Math.round(uint8PerSec),
    uint8_over_float32: +(uint8PerSec / (live / obsSec)).toFixed(3),
    uint8_over_float32_paired: +((paired[PAIRED_ROUNDS / 2 - 1]! + paired[PAIRED_ROUNDS / 2]!) / 2).toFixed(3),
  };
}

const [agentsArg, secondsArg, configArg] = process.argv.slice(2);
const result = await measure(Number(agentsArg ?? 10_000), Number(secondsArg ?? 0.5), configArg ?? 'configs/town.yaml');
process.stdout.write(`${JSON.stringify(result)}\n`);
