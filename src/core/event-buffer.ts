import { sharedFloat64 } from '../../components/shared-arrays.js';
import { EVENT_KINDS } from './event-kinds.js';

/**
 * The per-tick event buffer: one typed record per event, written by every system, cleared at the start of the
 * next tick. Columns are typed arrays; records are never objects, so a busy tick allocates nothing (the buffer
 * doubles on overflow, which happens a few times at start-up at most). Each event is written exactly once.
 */
export class EventBuffer {
  /** Event kind code (EventKind). */
  kind: Uint16Array;
  /** The agent the event is about (entity id, 0 = none). */
  agent: Uint32Array;
  /** The object involved (object row + 1, 0 = none). */
  object: Uint32Array;
  /** Another agent or a kind-specific integer (see EVENT_KINDS fields). */
  other: Int32Array;
  /** A kind-specific number. */
  value: Float32Array;
  /** Records written this tick. */
  length = 0;
  /** Tick the records belong to. */
  tick = 0;
  /** Events per kind since the shard started (index = kind code). */
  readonly totals: Float64Array = sharedFloat64(EVENT_KINDS.length + 1);
  /** Events per kind written this tick (index = kind code). */
  readonly tickCounts: Float64Array = new Float64Array(EVENT_KINDS.length + 1);

  constructor(initialCapacity = 1024) {
    this.kind = new Uint16Array(initialCapacity);
    this.agent = new Uint32Array(initialCapacity);
    this.object = new Uint32Array(initialCapacity);
    this.other = new Int32Array(initialCapacity);
    this.value = new Float32Array(initialCapacity);
  }

  /** Starts a new tick: forgets last tick's records (totals are kept). */
  reset(tick: number): void {
    this.length = 0;
    this.tick = tick;
    this.tickCounts.fill(0);
  }

  /** Appends one record. */
  emit(kind: number, agent: number, object = 0, other = 0, value = 0): void {
    if (this.length === this.kind.length) this.#grow();
    const i = this.length++;
    this.kind[i] = kind;
    this.agent[i] = agent;
    this.object[i] = object;
    this.other[i] = other;
    this.value[i] = value;
    this.totals[kind]! += 1;
    this.tickCounts[kind]! += 1;
  }

  /** Number of records of `kind` written this tick. */
  count(kind: number): number {
    return this.tickCounts[kind]!;
  }

  #grow(): void {
    const size = this.kind.length * 2;
    const grow = <T extends Uint16Array | Uint32Array | Int32Array | Float32Array>(
      old: T,
      make: (n: number) => T,
    ) => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.kind = grow(this.kind, (n) => new Uint16Array(n));
    this.agent = grow(this.agent, (n) => new Uint32Array(n));
    this.object = grow(this.object, (n) => new Uint32Array(n));
    this.other = grow(this.other, (n) => new Int32Array(n));
    this.value = grow(this.value, (n) => new Float32Array(n));
  }
}
