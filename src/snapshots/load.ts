import { dirname, resolve } from 'node:path';
import { manifestFromText } from '../affordances/manifest.js';
import { ManifestFileWatch } from '../affordances/manifest-reload.js';
import { type LoadedConfig, parseConfig } from '../config/load-config.js';
import type { TownConfigInput } from '../config/schema.js';
import { inputError } from '../core/errors.js';
import { assembleShard, type Shard, type ShardOptions } from '../core/shard.js';
import { findMigration } from './migrations.js';
import { type DecodedSnapshot, readSnapshot } from './reader.js';
import { restoreState } from './restore.js';

/** Options of loadSnapshot: those of createShard, plus the config the snapshot is meant for. */
export interface LoadSnapshotOptions extends Omit<ShardOptions, 'tensors'> {
  /**
   * The target config (a loaded file or a config object). Default: the config saved in the snapshot. A target
   * with another config_id loads only through a migration registered for that pair (registerMigration).
   */
  config?: LoadedConfig | TownConfigInput;
  /** Keep tensors (default: as the saved shard did). A snapshot saved without them cannot give them. */
  tensors?: boolean;
}

/**
 * Loads a snapshot file as a new shard, ready to step: it continues with exactly the world and tensor hashes
 * the saved shard would have had. Refuses (InputError naming what differs; nothing is created) a missing,
 * truncated or edited file, a newer schema, another build's state layout, or another config_id without a
 * registered migration.
 */
export function loadSnapshot(path: string, options: LoadSnapshotOptions = {}): Shard {
  let snap = readSnapshot(path);
  const { header } = snap;
  let loaded = targetConfig(snap, options.config);
  let migrated = false;
  if (loaded.config.config_id !== header.config_id) {
    const migration = findMigration(header.config_id, loaded.config.config_id);
    if (!migration) {
      inputError(
        `${path}: config_id`,
        `${loaded.config.config_id} (the target config's), or a migration registered for ` +
        `${header.config_id} → ${loaded.config.config_id}`,
        `${header.config_id}, with no such migration`,
      );
    }
    snap = migration.migrate(snap, loaded.config);
    migrated = true;
  }
  const tensors = options.tensors ?? header.tensors;
  if (tensors !== header.tensors) {
    inputError(
      `${path}: tensors`,
      `a snapshot ${tensors ? 'with' : 'without'} tensor state (as asked)`,
      `one saved ${header.tensors ? 'with' : 'without'}`,
    );
  }
  const m = snap.header.manifest;
  const manifest = manifestFromText(m.text, m.path, m.checksum, `${path}: manifest`);
  if (!options.config) loaded = { ...loaded, baseDir: dirname(m.path) };
  const { hot_reload: hot, reload_poll_ms: pollMs } = loaded.config.affordances;
  const watch = hot ? new ManifestFileWatch(m.path, pollMs) : undefined;
  const { config: _target, ...shardOptions } = options;
  return assembleShard(loaded, m.path, manifest, watch, { ...shardOptions, tensors }, (state) => {
    restoreState(state, snap, !migrated);
  });
}

/** The target config as given, or the one saved in the snapshot (validated again). */
function targetConfig(snap: DecodedSnapshot, given: LoadSnapshotOptions['config']): LoadedConfig {
  if (given === undefined) {
    const where = `${snap.path}: config`;
    return { config: parseConfig(snap.header.config, where), path: where, baseDir: resolve('.') };
  }
  if (isLoaded(given)) return given;
  return { config: parseConfig(given), path: '<config>', baseDir: resolve('.') };
}

function isLoaded(c: LoadedConfig | TownConfigInput): c is LoadedConfig {
  return typeof (c as LoadedConfig).baseDir === 'string' && 'config' in c;
}
