import { loadConfigFile } from '../../src/config/load-config.js';
import { createShard } from '../../src/core/shard.js';
import { type CharterCheck, checkCharter } from '../../src/kpis/charter.js';
import type { RunKpis } from '../../src/kpis/kpis.js';

/** The shipped default town at `agents` agents over its configured run (five days). */
export function runDefaultTown(agents: number): { kpis: RunKpis; charter: CharterCheck; hash: string } {
  const loaded = loadConfigFile('configs/town.yaml', { agents });
  const shard = createShard(loaded);
  shard.run(loaded.config.run.ticks ?? 0);
  const kpis = shard.kpis();
  return { kpis, charter: checkCharter(kpis), hash: shard.hash() };
}
