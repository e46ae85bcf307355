// The in-process reference for the bridge tests: replays recorded actions on a TownEnv (no server, no shared
// file) and prints, per reset and step, the world hash and the hash of the env's tensor arrays in the bridge's
// layout order. Usage: node replay_env.mjs <repo> <config.yaml> <seed> <actions.bin> <ticks>
// (actions.bin: int32 [ticks × capacity], little-endian).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [repo, config, seedText, actionsPath, ticksText] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(repo, 'dist', rel)).href);
const { loadConfigFile, TownEnv } = await load('src/index.js');
const { hashArrays } = await load('src/bridge/step-hash.js');

const env = new TownEnv(loadConfigFile(config));
const ticks = Number(ticksText);
const bytes = readFileSync(actionsPath);
const actions = new Int32Array(bytes.buffer, bytes.byteOffset, ticks * env.capacity);
const hashes = (s) => ({
  world: env.shard.hash(),
  tensors: hashArrays([s.observations, s.masks, s.rewards, s.terminations, s.truncations, s.alive, s.agentIds]),
});
const out = [hashes(env.reset(Number(seedText)))];
for (let t = 0; t < ticks; t++) {
  out.push(hashes(env.step(actions.slice(t * env.capacity, (t + 1) * env.capacity))));
}
await env.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
