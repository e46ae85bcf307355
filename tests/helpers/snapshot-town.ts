import { loadConfigFile } from '../../src/config/load-config.js';
import { createShard, type Shard } from '../../src/core/shard.js';

/**
 * The default town (employment, economy, social ledgers, perturbations) at `agents` agents with tensors on and
 * `workers` threads; the pool serves every tick whatever the size (inline_below_agents 0).
 */
export function snapshotTown(agents: number, seed: number, workers: number): Shard {
  const loaded = loadConfigFile('configs/town.yaml', { agents, seed });
  loaded.config.workers.inline_below_agents = 0;
  return createShard(loaded, { tensors: true, workers });
}

/** One step, through the worker pool when the shard has one. */
export async function stepOnce(shard: Shard): Promise<void> {
  if (shard.workerPool) await shard.stepAsync();
  else shard.step();
}
