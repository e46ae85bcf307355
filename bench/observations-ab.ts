import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { tickedPasses } from './ticked-pass.js';

type LoadModule = typeof import('../src/config/load-config.js');
type ShardModule = typeof import('../src/core/shard.js');
type PrepareModule = typeof import('../src/tensors/observation-prepare.js');
type WriteModule = typeof import('../src/tensors/observations.js');

/**
 * An in-process A/B of the observation writer between two builds (e.g. a worktree of the base commit and this one),
 * for a shared, noisy machine: both builds' shards (and this build's twin with uint8 maps) live in one process and
 * take turns in short rounds of `--ticks` ticks each (the world ticks untimed, then the timed observation pass of
 * that tick: ticked-pass.ts), so load from other processes hits them alike and all sides observe the same ticks;
 * the figure that counts is the median of the per-round ratios. One process prints one JSON line; run it in
 * several fresh processes.
 * `--baseDtype uint8` gives the other build's shard uint8 maps (compared with this build's uint8 twin: the
 * `uint8_over_base` figure) instead of the config's layout (compared with this build's float32 shard).
 * Run: npm run build && node dist/bench/observations-ab.js --base ../wt-base/dist [--agents 10000] [--rounds 16]
 * [--ticks 8]
 */
const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    agents: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '16' },
    ticks: { type: 'string', default: '8' },
    config: { type: 'string', default: 'configs/town.yaml' },
    baseDtype: { type: 'string' },
  },
});
if (!values.base) {
  process.stderr.write('usage: node dist/bench/observations-ab.js --base <other build\'s dist/> [--agents N]\n');
  process.exit(2);
}
const agents = Number(values.agents);
const rounds = Number(values.rounds);
const ticksPerRound = Number(values.ticks);
const baseDtype = values.baseDtype;
if (baseDtype !== undefined && baseDtype !== 'float32' && baseDtype !== 'uint8') {
  process.stderr.write(`--baseDtype: expected float32 or uint8, found "${baseDtype}"\n`);
  process.exit(2);
}

/** One side: a shard of a build after 200 ticks, and a round of ticksPerRound observed ticks. */
async function side(root: string, dtype?: 'float32' | 'uint8') {
  const at = (path: string) => resolve(root, path);
  const { loadConfigFile } = (await import(at('src/config/load-config.js'))) as LoadModule;
  const { createShard } = (await import(at('src/core/shard.js'))) as ShardModule;
  const { prepareObservations } = (await import(at('src/tensors/observation-prepare.js'))) as PrepareModule;
  const { writeObservations } = (await import(at('src/tensors/observations.js'))) as WriteModule;
  const loaded = loadConfigFile(values.config!, { agents });
  // A base build that predates map_dtype gets the config as loaded (float32).
  const config = dtype
    ? { ...loaded.config, observations: { ...loaded.config.observations, map_dtype: dtype } }
    : loaded.config;
  const shard = createShard({ ...loaded, config }, { tensors: true });
  shard.run(200);
  const writers = { prepare: prepareObservations, write: writeObservations };
  // Rows per second of the observation pass over the next ticksPerRound ticks (ticked-pass.ts).
  const round = (): number => {
    const { ms, rows } = tickedPasses(shard, writers, ticksPerRound);
    return rows / (ms / 1000);
  };
  return { shard, round };
}

const here = resolve(import.meta.dirname, '..');
const sides = {
  base: await side(resolve(values.base), baseDtype),
  float32: await side(here, 'float32'),
  uint8: await side(here, 'uint8'),
};
const names = Object.keys(sides) as (keyof typeof sides)[];
const per: Record<string, number[]> = { base: [], float32: [], uint8: [] };
for (let r = 0; r < rounds; r++) {
  // Alternate the order, so no side always runs right after another.
  for (const name of r % 2 === 1 ? names : [...names].reverse()) per[name]!.push(sides[name].round());
}
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ratio = (a: string, b: string) => +median(per[a]!.map((v, i) => v / per[b]![i]!)).toFixed(3);
const result = {
  agents,
  rounds,
  ticks_per_round: ticksPerRound,
  per_sec: Object.fromEntries(names.map((n) => [n, Math.round(median(per[n]!))])),
  [`${baseDtype ?? 'float32'}_over_base`]: ratio(baseDtype ?? 'float32', 'base'),
  uint8_over_float32: ratio('uint8', 'float32'),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
for (const n of names) await sides[n].shard.close();
