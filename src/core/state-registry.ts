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

/** A registered array and where it is held (`holder[key]`), so another thread can put its shared twin there. */
interface ArrayEntry {
  name: string;
  array: StateArray;
  holder: Record<string, unknown>;
  key: string;
}

type Entry = ArrayEntry | { name: string; block: StateBlock };

/**
 * The one place every piece of mutable shard state is reachable from: component arrays, side tables, queues,
 * ledgers, RNG states, the tick. The world hash walks it in registration order, and so do snapshots and worker
 * threads: state that is not registered is a bug (tests check the hash reacts to every registered array).
 * Every registered array lives on a SharedArrayBuffer (registration refuses any other), so a worker thread that
 * rebinds the registry's arrays reads the live world, never a copy.
 */
export class StateRegistry {
  readonly #entries: Entry[] = [];
  readonly #byName = new Map<string, Entry>();

  /** Registers `holder[key]`, a typed array on a SharedArrayBuffer, under a unique dotted name, e.g. `clock.tick`. */
  addField<H extends object>(name: string, holder: H, key: keyof H & string): void {
    const array = (holder as Record<string, unknown>)[key];
    if (!isStateArray(array)) throw new Error(`state registry: "${name}" is not a typed array`);
    if (!(array.buffer instanceof SharedArrayBuffer)) {
      throw new Error(`state registry: "${name}" is not on a SharedArrayBuffer (a worker thread would read a copy)`);
    }
    this.#add({ name, array, holder: holder as Record<string, unknown>, key });
  }

  /** Registers every typed array field of a component group as `group.field`. */
  addGroup(group: string, arrays: object): void {
    for (const field of Object.keys(arrays)) this.addField(`${group}.${field}`, arrays as Record<string, unknown>, field);
  }

  /** Registers a non-array block. */
  addBlock(name: string, block: StateBlock): void {
    this.#add({ name, block });
  }

  /** Registered names in order. */
  names(): string[] {
    return this.#entries.map((e) => e.name);
  }

  /** The array registered under `name` (undefined for blocks or unknown names). */
  array(name: string): StateArray | undefined {
    const entry = this.#byName.get(name);
    return entry && 'array' in entry ? entry.array : undefined;
  }

  /** Every registered array with its name, in registration order. */
  arrays(): [string, StateArray][] {
    const out: [string, StateArray][] = [];
    for (const e of this.#entries) if ('array' in e) out.push([e.name, e.array]);
    return out;
  }

  /**
   * Puts `array` (the same type and length) where the array registered as `name` is held, so every reader of
   * that field sees it from now on. Worker threads use it to read the main thread's shared arrays.
   */
  rebind(name: string, array: StateArray): void {
    const entry = this.#byName.get(name);
    if (!entry || !('array' in entry)) throw new Error(`state registry: no array "${name}" to rebind`);
    const old = entry.array;
    if (old.constructor !== array.constructor || old.length !== array.length) {
      throw new Error(
        `state registry: "${name}" is a ${old.constructor.name}[${old.length}] here, ` +
        `${array.constructor.name}[${array.length}] in the other thread`,
      );
    }
    entry.holder[entry.key] = array;
    entry.array = array;
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

  #add(entry: Entry): void {
    if (this.#byName.has(entry.name)) throw new Error(`state registry: "${entry.name}" registered twice`);
    this.#byName.set(entry.name, entry);
    this.#entries.push(entry);
  }
}

function isStateArray(v: unknown): v is StateArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) &&
    !(v instanceof BigUint64Array) && !(v instanceof Uint8ClampedArray);
}
