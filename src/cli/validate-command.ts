import { loadConfigFile } from '../config/load-config.js';
import { createShard } from '../core/shard.js';

/**
 * `townlet validate`: loads the config and everything it references and builds the world (so scenario
 * positions and the layout are checked too). Throws InputError listing the problems; returns a one-line OK.
 */
export async function validateCommand(o: { config: string }): Promise<string> {
  const loaded = loadConfigFile(o.config);
  const shard = createShard(loaded);
  const s = shard.state;
  const m = s.manifest.current;
  const line =
    `OK ${o.config}: config_id ${loaded.config.config_id}, ${s.layout.capacity} agent slots, ` +
    `${s.grid.width}×${s.grid.height} grid, ${s.layout.objectCount} objects; manifest ${m.path} ` +
    `(${m.affordances.length} affordances, ${m.affordances.reduce((n, a) => n + a.preconds.length, 0)} preconditions, ` +
    `sha256 ${m.checksum.slice(0, 12)}…)`;
  await shard.close();
  return line;
}
