import type { AffordanceManifest } from '../affordances/manifest.js';
import type { StateBlock } from './state-registry.js';

/**
 * The affordance manifest in force. Registered state: its checksum is part of the world hash, so a hot reload
 * (which swaps `current` at a tick boundary) shows in the hash sequence.
 */
export class ManifestState implements StateBlock {
  constructor(public current: AffordanceManifest) {}

  hashInto(update: (bytes: Uint8Array) => void): void {
    update(new TextEncoder().encode(this.current.checksum));
  }

  exportState(): { path: string; checksum: string; affordances: string[] } {
    const m = this.current;
    return { path: m.path, checksum: m.checksum, affordances: m.affordances.map((a) => a.id) };
  }
}
