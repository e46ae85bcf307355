import type { AffordanceTable } from '../affordances/affordance-table.js';
import type { AffordanceManifest } from '../affordances/manifest.js';
import type { StateBlock } from './state-registry.js';

/**
 * The affordance manifest in force and its compiled table. Registered state: its checksum is part of the world
 * hash, so a hot reload (which swaps both at a tick boundary) shows in the hash sequence.
 */
export class ManifestState implements StateBlock {
  constructor(
    public current: AffordanceManifest,
    public table: AffordanceTable,
  ) {}

  /** Puts a new manifest in force (callers check that it fits the running world first). */
  replace(manifest: AffordanceManifest, table: AffordanceTable): void {
    this.current = manifest;
    this.table = table;
  }

  hashInto(update: (bytes: Uint8Array) => void): void {
    update(new TextEncoder().encode(this.current.checksum));
  }

  exportState(): { path: string; checksum: string; affordances: string[] } {
    const m = this.current;
    return { path: m.path, checksum: m.checksum, affordances: m.affordances.map((a) => a.id) };
  }

  /**
   * A snapshot's shard is built with the snapshot's manifest text, so importing only checks that the manifest
   * in force is the one the snapshot recorded.
   */
  importState(state: unknown): string | undefined {
    const checksum = (state as { checksum?: unknown } | null)?.checksum;
    return checksum === this.current.checksum ? undefined : `manifest checksum ${this.current.checksum}`;
  }
}
