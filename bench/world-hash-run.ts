import { performance } from 'node:perf_hooks';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';

/** One process of the world-hash benchmark: prints JSON with the registered bytes and the hash time. */
export interface WorldHashRunResult {
  agents: number;
  tensors: boolean;
  registered_bytes: number;
  hash_ms: number;
}

const [agentsArg = '10000', mode = 'world'] = process.argv.slice(2);
const tensors = mode === 'tensors';
const shard = createShard(loadConfigFile('configs/town.yaml', { agents: Number(agentsArg) }), { tensors });
shard.run(20);
for (let i = 0; i < 5; i++) shard.hash();
const times: number[] = [];
for (let i = 0; i < 30; i++) {
  const start = performance.now();
  shard.hash();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const result: WorldHashRunResult = {
  agents: Number(agentsArg),
  tensors,
  registered_bytes: shard.state.registry.byteLength(),
  hash_ms: times[times.length >> 1]!,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
await shard.close();
