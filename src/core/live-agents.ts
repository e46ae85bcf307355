/**
 * The live agent entity ids in ascending order: systems iterate this for a deterministic, entity-ordered pass.
 * Rebuilt from the `alive` flags only on ticks where someone spawned or exited (an O(capacity) scan of a byte
 * array, ~0.1 ms at 100,000 slots), so ordinary ticks pay nothing.
 */
export class LiveAgents {
  readonly #ids: Uint32Array;
  #count = 0;
  #dirty = true;

  constructor(capacity: number) {
    this.#ids = new Uint32Array(capacity);
  }

  /** Marks the list stale after a spawn or exit. */
  invalidate(): void {
    this.#dirty = true;
  }

  /** The live ids (a view valid until the next spawn or exit). */
  ids(alive: Uint8Array): Uint32Array {
    if (this.#dirty) this.#rebuild(alive);
    return this.#ids.subarray(0, this.#count);
  }

  /** How many agents are alive. */
  count(alive: Uint8Array): number {
    if (this.#dirty) this.#rebuild(alive);
    return this.#count;
  }

  #rebuild(alive: Uint8Array): void {
    let n = 0;
    for (let eid = 1; eid < alive.length; eid++) if (alive[eid] === 1) this.#ids[n++] = eid;
    this.#count = n;
    this.#dirty = false;
  }
}
