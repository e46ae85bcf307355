/**
 * The memory the tick thread and the front-desk thread share (docs/CONSOLE.md, "Acceptance"): a few header fields
 * and a claim table of cmd_ids, guarded by one lock word. Nobody holds the lock across an await: the tick thread
 * takes it (spinning: the front holds it for microseconds), the front only tries it and comes back on a later
 * event-loop turn, so neither thread ever blocks the other's event loop for long.
 */

/** Header fields (Int32 indexes). */
const LOCK = 0;
/** 1 while the runner ticks (the front accepts only then). */
const RUNNING = 1;
/** The tick whose drain point will take a mutation accepted now. */
const APPLY_TICK = 2;
/** The last whole tick and the console's state version (the fields of a response). */
const LAST_TICK = 3;
const STATE_VERSION = 4;
/** Bytes in the mailbox: acceptances the front answered that the tick thread has not taken yet. */
const MAILBOX_USED = 5;
/** 1 once a claim found no room: from then on every keyed request goes to the tick thread. */
const OVERFLOW = 6;
const HEADER_INTS = 8;

/** Claim table: open addressing of 64-bit cmd_id hashes, each slot [hi, lo, count]; (0, 0) empty, (0, 1) removed. */
const SLOTS = 1 << 16;
const SLOT_INTS = 3;
const PROBES = 128;
const TABLE_BYTES = (HEADER_INTS + SLOTS * SLOT_INTS) * 4;
/**
 * The mailbox: records [u32 length][UTF-8 JSON] appended by the front, emptied by the tick thread, both under the
 * lock (so a record counted is a record there: nothing travels outside the lock). Full: the front forwards.
 */
const MAILBOX_BYTES = 1 << 20;

/** A fresh shared buffer for FrontShared. */
export function frontSharedBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(TABLE_BYTES + MAILBOX_BYTES);
}

/** Two 32-bit FNV-1a style hashes of a cmd_id (hi never 0, so a slot in use is never mistaken for a free one). */
export function cmdIdHash(id: string): [number, number] {
  let hi = 0x811c9dc5;
  let lo = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    hi = Math.imul(hi ^ c, 0x01000193);
    lo = Math.imul(lo ^ c, 0x5bd1e995);
    lo ^= lo >>> 15;
  }
  hi |= 0;
  return [hi === 0 ? 1 : hi, lo | 0];
}

/** One thread's view of the shared buffer. */
export class FrontShared {
  readonly buffer: SharedArrayBuffer;
  readonly #i32: Int32Array;
  /** The mailbox's bytes (a view: writes land in the shared memory). */
  readonly #mailbox: Buffer;

  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.#i32 = new Int32Array(buffer, 0, TABLE_BYTES / 4);
    this.#mailbox = Buffer.from(buffer, TABLE_BYTES, MAILBOX_BYTES);
  }

  /** Takes the lock if it is free; true when taken. */
  tryLock(): boolean {
    return Atomics.compareExchange(this.#i32, LOCK, 0, 1) === 0;
  }

  /** Takes the lock, spinning (for the tick thread: the front never holds it across an await). */
  lock(): void {
    while (Atomics.compareExchange(this.#i32, LOCK, 0, 1) !== 0) {
      // The holder runs a few microseconds of code on another thread: a short wait, then try again.
      Atomics.wait(this.#i32, LOCK, 1, 0.05);
    }
  }

  unlock(): void {
    Atomics.store(this.#i32, LOCK, 0);
    Atomics.notify(this.#i32, LOCK);
  }

  /** Runs `fn` under the lock (synchronous code only). */
  locked<T>(fn: () => T): T {
    this.lock();
    try {
      return fn();
    } finally {
      this.unlock();
    }
  }

  get running(): boolean {
    return Atomics.load(this.#i32, RUNNING) === 1;
  }

  set running(on: boolean) {
    Atomics.store(this.#i32, RUNNING, on ? 1 : 0);
  }

  get applyTick(): number {
    return Atomics.load(this.#i32, APPLY_TICK);
  }

  set applyTick(tick: number) {
    Atomics.store(this.#i32, APPLY_TICK, tick);
  }

  get lastTick(): number {
    return Atomics.load(this.#i32, LAST_TICK);
  }

  set lastTick(tick: number) {
    Atomics.store(this.#i32, LAST_TICK, tick);
  }

  get stateVersion(): number {
    return Atomics.load(this.#i32, STATE_VERSION);
  }

  set stateVersion(version: number) {
    Atomics.store(this.#i32, STATE_VERSION, version);
  }

  /** Appends one record to the mailbox (under the lock); false when it has no room (nothing written). */
  post(record: unknown): boolean {
    const used = Atomics.load(this.#i32, MAILBOX_USED);
    const text = JSON.stringify(record);
    const length = Buffer.byteLength(text);
    if (used + 4 + length > MAILBOX_BYTES) return false;
    this.#mailbox.writeUInt32LE(length, used);
    this.#mailbox.write(text, used + 4, length, 'utf8');
    Atomics.store(this.#i32, MAILBOX_USED, used + 4 + length);
    return true;
  }

  /** Bytes waiting in the mailbox. */
  get waiting(): number {
    return Atomics.load(this.#i32, MAILBOX_USED);
  }

  /** Empties the mailbox (under the lock): a copy of its bytes, to be read with `records` after the lock. */
  empty(): Buffer | undefined {
    const used = Atomics.load(this.#i32, MAILBOX_USED);
    if (used === 0) return undefined;
    const copy = Buffer.from(this.#mailbox.subarray(0, used));
    Atomics.store(this.#i32, MAILBOX_USED, 0);
    return copy;
  }

  /** The records of an emptied mailbox, in the order they were posted. */
  static records(bytes: Buffer): unknown[] {
    const out: unknown[] = [];
    for (let at = 0; at < bytes.length;) {
      const length = bytes.readUInt32LE(at);
      out.push(JSON.parse(bytes.toString('utf8', at + 4, at + 4 + length)) as unknown);
      at += 4 + length;
    }
    return out;
  }

  get overflowed(): boolean {
    return Atomics.load(this.#i32, OVERFLOW) === 1;
  }

  /** True when a cmd_id (or another with the same hash) holds a claim. Under the lock. */
  claimed(id: string): boolean {
    const [hi, lo] = cmdIdHash(id);
    return this.#find(hi, lo) >= 0;
  }

  /**
   * Adds one claim on a cmd_id (claims count: a hash two ids share stays claimed until both let go). Under the lock.
   * False when the table has no room: the overflow flag is then set (keyed requests all go to the tick thread).
   */
  claim(id: string): boolean {
    const [hi, lo] = cmdIdHash(id);
    const found = this.#find(hi, lo);
    const a = this.#i32;
    if (found >= 0) {
      a[found + 2]!++;
      return true;
    }
    let at = lo & (SLOTS - 1);
    for (let probe = 0; probe < PROBES; probe++) {
      const base = HEADER_INTS + at * SLOT_INTS;
      if (a[base] === 0) {
        a[base] = hi;
        a[base + 1] = lo;
        a[base + 2] = 1;
        return true;
      }
      at = (at + 1) & (SLOTS - 1);
    }
    Atomics.store(a, OVERFLOW, 1);
    return false;
  }

  /** Takes one claim off a cmd_id (the slot is freed at zero). Under the lock. */
  release(id: string): void {
    const [hi, lo] = cmdIdHash(id);
    const found = this.#find(hi, lo);
    if (found < 0) return;
    const a = this.#i32;
    if (--a[found + 2]! > 0) return;
    a[found] = 0;
    a[found + 1] = 1;
  }

  /** The base index of the slot holding (hi, lo), or -1. */
  #find(hi: number, lo: number): number {
    const a = this.#i32;
    let at = lo & (SLOTS - 1);
    for (let probe = 0; probe < PROBES; probe++) {
      const base = HEADER_INTS + at * SLOT_INTS;
      const h = a[base]!;
      if (h === hi && a[base + 1] === lo) return base;
      if (h === 0 && a[base + 1] === 0) return -1;
      at = (at + 1) & (SLOTS - 1);
    }
    return -1;
  }
}
