import type { TownConfig } from '../config/schema.js';
import type { DecodedSnapshot } from './reader.js';

/**
 * A way to carry a snapshot of one config (by config_id) to another: it returns the snapshot rewritten for a
 * shard built from `target` (same registry layout as that shard; the header's world_hash is not checked after a
 * migration). Snapshots of a config_id other than the target's load only through a registered migration.
 */
export interface SnapshotMigration {
  from: string;
  to: string;
  /** One line for people: what the migration changes. */
  description: string;
  migrate(snapshot: DecodedSnapshot, target: TownConfig): DecodedSnapshot;
}

const migrations = new Map<string, SnapshotMigration>();
const key = (from: string, to: string) => `${from}\u0000${to}`;

/**
 * Registers a migration for the pair (from → to). Returns a function that removes it again. Registering a
 * second migration for the same pair throws.
 */
export function registerMigration(migration: SnapshotMigration): () => void {
  const k = key(migration.from, migration.to);
  if (migrations.has(k)) throw new Error(`a snapshot migration ${migration.from} → ${migration.to} already exists`);
  migrations.set(k, migration);
  return () => {
    if (migrations.get(k) === migration) migrations.delete(k);
  };
}

/** The migration registered for (from → to), if any. */
export function findMigration(from: string, to: string): SnapshotMigration | undefined {
  return migrations.get(key(from, to));
}
