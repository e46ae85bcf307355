import { loadConfigFile } from '../config/load-config.js';
import { loadSnapshot } from '../snapshots/load.js';
import { readSnapshot } from '../snapshots/reader.js';

/**
 * `townlet snapshot inspect FILE`: checks the file (magic, checksum, header schema; exit 2 when any fails) and
 * returns what it holds, one fact a line.
 */
export function inspectCommand(file: string, o: { json?: boolean } = {}): string {
  const snap = readSnapshot(file);
  const h = snap.header;
  const arrays = h.entries.filter((e) => e.type !== 'block').length;
  const blocks = h.entries.length - arrays;
  const facts = {
    file: snap.path,
    tick: h.tick,
    config_id: h.config_id,
    schema_version: h.schema_version,
    world_hash: h.world_hash,
    agents: h.live_agents,
    capacity: h.capacity,
    observation_variant: h.observation_variant,
    tensors: h.tensors,
    manifest_checksum: h.manifest.checksum,
    layout_digest: h.layout_digest,
    file_bytes: snap.fileBytes,
    array_bytes: h.array_bytes,
    arrays,
    blocks,
    checksum: 'ok',
  };
  if (o.json) return JSON.stringify(facts, null, 2);
  return [
    `snapshot ${facts.file}`,
    `  tick            ${h.tick}`,
    `  config_id       ${h.config_id}`,
    `  schema_version  ${h.schema_version}`,
    `  world_hash      ${h.world_hash}`,
    `  agents          ${h.live_agents} live of ${h.capacity} slots`,
    `  observations    ${h.observation_variant}${h.tensors ? ' (tensor state saved)' : ' (no tensor state)'}`,
    `  manifest        sha256 ${h.manifest.checksum.slice(0, 16)} (${h.manifest.path})`,
    `  layout          ${h.layout_digest} (${arrays} arrays, ${blocks} blocks)`,
    `  sizes           ${snap.fileBytes} bytes: arrays ${h.array_bytes}, header ${snap.fileBytes - h.array_bytes}`,
    '  checksum        ok',
  ].join('\n');
}

/**
 * `townlet snapshot migrate FILE --to-config X --out FILE2`: loads the snapshot for config X (through the
 * migration registered for the pair of config_ids, when they differ) and saves the result to FILE2.
 */
export async function migrateCommand(file: string, o: { toConfig: string; out: string }): Promise<string> {
  const shard = loadSnapshot(file, { config: loadConfigFile(o.toConfig), workers: 0 });
  try {
    shard.saveSnapshot(o.out);
    return `migrated ${file} (tick ${shard.tick}) to ${shard.config.config_id}: ${o.out}`;
  } finally {
    await shard.close();
  }
}
