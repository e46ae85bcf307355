import type { StateBlock } from './state-registry.js';

/** FNV-1a over a string's UTF-16 code units: a cheap digest so hashing never walks the strings themselves. */
function digest(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Rows of the latest writes a StringTable remembers (not state). */
const RECENT_ROWS = 256;

/**
 * Strings indexed by row (agent ids by entity id, object ids by object row). Hot loops never read it: strings
 * are for people and logs. A digest per row keeps the world hash free of string work.
 */
export class StringTable implements StateBlock {
  readonly #values: string[];
  readonly #digests: Uint32Array;
  #writes = 0;
  /** The rows of the last RECENT_ROWS writes, by write count modulo RECENT_ROWS. */
  readonly #recent = new Int32Array(RECENT_ROWS);

  constructor(size: number) {
    this.#values = new Array<string>(size).fill('');
    this.#digests = new Uint32Array(size);
  }

  get size(): number {
    return this.#values.length;
  }

  /** Rows set so far (not state): a reader that saw this count has seen every change (telemetry's capture). */
  get writes(): number {
    return this.#writes;
  }

  /**
   * Adds to `out` the rows set since the write count was `since` (repeats possible, in write order) and returns
   * true; false (adding nothing) when more rows than it remembers were set since: then every row must be looked at.
   */
  rowsSince(since: number, out: number[]): boolean {
    if (since < 0 || this.#writes - since > RECENT_ROWS || since > this.#writes) return false;
    for (let w = since; w < this.#writes; w++) out.push(this.#recent[w % RECENT_ROWS]!);
    return true;
  }

  get(row: number): string {
    return this.#values[row] ?? '';
  }

  set(row: number, value: string): void {
    this.#recent[this.#writes % RECENT_ROWS] = row;
    this.#writes++;
    this.#values[row] = value;
    // An empty row digests to 0 as a new table's rows do, so a table rebuilt row by row (a snapshot) hashes equal.
    this.#digests[row] = value === '' ? 0 : digest(value);
  }

  /** Row holding `value`, or -1 (linear: for lookups by people, not per tick). */
  indexOf(value: string): number {
    return this.#values.indexOf(value);
  }

  hashInto(update: (bytes: Uint8Array) => void): void {
    update(new Uint8Array(this.#digests.buffer, this.#digests.byteOffset, this.#digests.byteLength));
  }

  exportState(): string[] {
    return this.#values.slice();
  }

  importState(state: unknown): string | undefined {
    if (!isStringList(state) || state.length !== this.#values.length) {
      return `a list of ${this.#values.length} strings`;
    }
    state.forEach((value, row) => this.set(row, value));
    return undefined;
  }
}

/** Interned names with small integer codes (object types): code = registration order. */
export class NameTable implements StateBlock {
  readonly #names: string[] = [];
  readonly #codes = new Map<string, number>();

  constructor(readonly maxCodes: number) {}

  /** The code of `name`, registering it if new. */
  intern(name: string): number {
    const known = this.#codes.get(name);
    if (known !== undefined) return known;
    if (this.#names.length >= this.maxCodes) throw new RangeError(`more than ${this.maxCodes} names`);
    this.#codes.set(name, this.#names.length);
    this.#names.push(name);
    return this.#names.length - 1;
  }

  /** Code of `name`, or -1. */
  code(name: string): number {
    return this.#codes.get(name) ?? -1;
  }

  name(code: number): string {
    return this.#names[code] ?? '';
  }

  get size(): number {
    return this.#names.length;
  }

  hashInto(update: (bytes: Uint8Array) => void): void {
    update(new TextEncoder().encode(this.#names.join('\n')));
  }

  exportState(): string[] {
    return this.#names.slice();
  }

  importState(state: unknown): string | undefined {
    if (!isStringList(state) || state.length > this.maxCodes || new Set(state).size !== state.length) {
      return `a list of at most ${this.maxCodes} distinct names`;
    }
    this.#names.length = 0;
    this.#codes.clear();
    for (const name of state) this.intern(name);
    return undefined;
  }
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
