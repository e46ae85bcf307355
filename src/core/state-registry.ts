/** Typed arrays the registry can hold. */
export type StateArray =
  | Int8Array |
  Uint8Array |
  Int16Array |
  Uint16Array |
  Int32Array |
  Uint32Array |
  Float32Array |
  Float64Array;

/**
 * Mutable state that is not a plain typed array (side tables, RNG states, the manifest in force): it hashes,
 * exports and imports itself.
 */
export interface StateBlock {
  /** Feeds the block's current contents into the hash, in a deterministic order. */
  hashInto(update: (bytes: Uint8Array) => void): void;
  /** A JSON-safe copy of the contents, for snapshots and debugging. */
  exportState(): unknown;
  /**
   * Replaces the contents with what exportState returned (a snapshot being loaded). Returns a problem
   * description when `state` does not fit this block, changing nothing; undefined when it was applied.
   */
  importState(state: unknown): string | undefined;
}

/** Name, element type and length of one registered entry: what a snapshot's layout is compared on. */
export interface EntryLayout {
  name: string;
  /** Typed array constructor name (`Float32Array`), or `block`. */
  type: string;
  /** Elements (0 for blocks). */
  length: number;
}

type Entry = { name: string; array: StateArray } | { name: string; block: StateBlock };

/**
 * The one place every piece of mutable shard state is reachable from: component arrays, side tables, queues,
 * ledgers, RNG states, the tick. The world hash walks it in registration order, and so will snapshots: state
 * that is not registered is a bug (tests check the hash reacts to every registered array).
 */
export class StateRegistry {
  readonly #entries: Entry[] = [];
  readonly #names = new Set<string>();

  /** Registers a typed array under a unique dotted name, e.g. `needs.hunger`. */
  addArray(name: string, array: StateArray): void {
    this.#claim(name);
    this.#entries.push({ name, array });
  }

  /** Registers every typed array field of a component group as `group.field`. */
  addGroup(group: string, arrays: Readonly<Record<string, StateArray>>): void {
    for (const field of Object.keys(arrays)) this.addArray(`${group}.${field}`, arrays[field]!);
  }

  /** Registers a non-array block. */
  addBlock(name: string, block: StateBlock): void {
    this.#claim(name);
    this.#entries.push({ name, block });
  }

  /** Registered names in order. */
  names(): string[] {
    return this.#entries.map((e) => e.name);
  }

  /** The array registered under `name` (undefined for blocks or unknown names). */
  array(name: string): StateArray | undefined {
    const entry = this.#entries.find((e) => e.name === name);
    return entry && 'array' in entry ? entry.array : undefined;
  }

  /** Calls `visit` for every entry in registration order. */
  forEach(visit: (name: string, array: StateArray | undefined, block: StateBlock | undefined) => void): void {
    for (const e of this.#entries)
      visit(e.name, 'array' in e ? e.array : undefined, 'block' in e ? e.block : undefined);
  }

  /** Name, type and length of every entry in order (snapshots refuse a layout that differs). */
  layout(): EntryLayout[] {
    return this.#entries.map((e) =>
      'array' in e
        ? { name: e.name, type: e.array.constructor.name, length: e.array.length }
        : { name: e.name, type: 'block', length: 0 },
    );
  }

  /** The block registered under `name` (undefined for arrays or unknown names). */
  block(name: string): StateBlock | undefined {
    const entry = this.#entries.find((e) => e.name === name);
    return entry && 'block' in entry ? entry.block : undefined;
  }

  /** Total bytes of registered typed arrays. */
  byteLength(): number {
    let total = 0;
    for (const e of this.#entries) if ('array' in e) total += e.array.byteLength;
    return total;
  }

  #claim(name: string): void {
    if (this.#names.has(name)) throw new Error(`state registry: "${name}" registered twice`);
    this.#names.add(name);
  }
}
