import { createHash, randomBytes } from 'node:crypto';

/**
 * Agent ids as the stream shows them: plain, or in privacy mode a salted SHA-256 (12 hex digits, prefix `a-`).
 * The salt is drawn once per shard process (outside the simulation: no effect on its determinism), so hashes
 * cannot be joined across shards or restarts. Hashes are cached per id.
 */
export class AgentIdMask {
  readonly #salt: Buffer;
  readonly #cache = new Map<string, string>();
  enabled: boolean;

  constructor(enabled: boolean, salt: Buffer = randomBytes(16)) {
    this.enabled = enabled;
    this.#salt = salt;
  }

  /** The id as the stream shows it. */
  show(id: string): string {
    if (!this.enabled) return id;
    let hashed = this.#cache.get(id);
    if (hashed === undefined) {
      hashed = `a-${createHash('sha256').update(this.#salt).update(id).digest('hex').slice(0, 12)}`;
      if (this.#cache.size > 1_000_000) this.#cache.clear();
      this.#cache.set(id, hashed);
    }
    return hashed;
  }
}
