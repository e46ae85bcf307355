import type { Shard } from '../core/shard.js';
import { type EncoderTables, encoderTables } from './encoder-tables.js';
import type { UpstreamDrop } from './frame-pipeline.js';
import type { WorldSection } from './payload-schemas.js';
import { WorldSections } from './world-sections.js';

/** The agent columns of one tick, copied (slot-indexed, like the shard's arrays). */
export type AgentColumns = {
  alive: Uint8Array;
  x: Int16Array;
  y: Int16Array;
  hunger: Float32Array;
  hygiene: Float32Array;
  energy: Float32Array;
  wallet: Float64Array;
  job: Int16Array;
  shift: Uint8Array;
  activity: Int16Array;
};

/** The object columns of one tick, copied (object-row-indexed). */
export type ObjectColumns = {
  occupant: Uint32Array;
  holder: Uint32Array;
  queue: Int32Array;
  meals: Int32Array;
  power: Uint8Array;
  water: Uint8Array;
};

/** The events of one tick, copied. */
export interface EventColumns {
  kind: Uint16Array;
  agent: Uint32Array;
  object: Uint32Array;
  other: Int32Array;
  value: Float32Array;
}

/**
 * What the tick thread hands the stream at a tick boundary: typed-array copies and a few small records, nothing
 * serialised. Agent columns only every `agents_every_ticks` (or when a snapshot is due).
 */
export interface Frame {
  tick: number;
  agents: AgentColumns | undefined;
  /** Slots whose agent id changed since the previous frame (a respawn): [slot, id] pairs. */
  idChanges: [number, string][];
  objects: ObjectColumns;
  events: EventColumns;
  world: Partial<Record<WorldSection, Record<string, unknown>>>;
  /** The encoder's tables, on the first frame and after they changed (a manifest reload). */
  tables?: EncoderTables;
  /** On the encoding side: ticks lost after this frame, counted once it is through (they keep their order). */
  after?: UpstreamDrop[];
}

/**
 * The buffers under sets of columns that must be transferred to reach another thread without a copy: none for
 * frames, which live on SharedArrayBuffers (see frameBuffer); kept for columns on ordinary buffers.
 */
export function columnBuffers(...sets: (object | undefined)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const columns of sets) {
    for (const v of Object.values(columns ?? {})) {
      const buffer = (v as Uint8Array).buffer;
      if (!(buffer instanceof SharedArrayBuffer)) out.add(buffer);
    }
  }
  return [...out];
}

/**
 * A frame's memory. Shared, not transferred: transferring (detaching) any ArrayBuffer makes V8 check every
 * typed-array access of the tick thread's optimized code for detachment from then on (a process-wide protector),
 * which made the whole world tick ~17% slower as soon as a consumer had received one payload. The encoder's thread
 * reads the frame in place; the tick thread reuses it only after the encoder handed it back (as before).
 */
function frameBuffer(bytes: number): ArrayBuffer {
  return new SharedArrayBuffer(bytes) as unknown as ArrayBuffer;
}

/** Column sets kept for reuse (returns from the encoder's thread come in bursts; a lagging encoder holds many). */
const SPARES = 64;

/**
 * Copies columns at the tick boundary into recycled arrays (a `set` into a spare array is many times cheaper than
 * slicing a SharedArrayBuffer view, and allocates nothing), and remembers the lives it saw, so a frame carries
 * only the id changes. The stream hands columns back with `recycle` once nothing reads them.
 */
export class FrameCapture {
  #lives: Uint32Array | undefined;
  /** The id last sent per slot. */
  #sentIds: (string | undefined)[] | undefined;
  /** The agent id table's write count when the lives were last compared (-1: never). */
  #idWrites = -1;
  #affordances: unknown;
  readonly #spareAgents: AgentColumns[] = [];
  readonly #spareObjects: ObjectColumns[] = [];
  /** Buffers of event columns, for EVENT_ROWS events or more. */
  readonly #spareEvents: ArrayBuffer[] = [];
  readonly #world = new WorldSections();
  /** Agent id rows set since the last capture (scratch). */
  readonly #rows: number[] = [];

  /** Takes back columns no frame or encoder state refers to any more. */
  recycle(columns: {
    agents?: AgentColumns | undefined;
    objects?: ObjectColumns | undefined;
    /** The buffer under a frame's event columns. */
    events?: ArrayBuffer | undefined;
  }): void {
    if (columns.agents && this.#spareAgents.length < SPARES) this.#spareAgents.push(columns.agents);
    if (columns.objects && this.#spareObjects.length < SPARES) this.#spareObjects.push(columns.objects);
    // Only the shared buffers this capture makes (columns from elsewhere are left alone).
    const events = columns.events as ArrayBuffer | SharedArrayBuffer | undefined;
    const ours = events instanceof SharedArrayBuffer && events.byteLength >= EVENT_ROWS * EVENT_BYTES;
    if (ours && this.#spareEvents.length < SPARES) this.#spareEvents.push(events as unknown as ArrayBuffer);
  }

  /** Copies the shard's observable columns at a tick boundary (the tick thread's whole telemetry cost). */
  capture(shard: Shard, withAgents: boolean): Frame {
    const s = shard.state;
    const cap = s.layout.capacity;
    const lives = s.life.life;
    const idChanges: [number, string][] = [];
    const seen = (this.#lives ??= new Uint32Array(cap + 1).fill(0xffffffff));
    // A life starts with its agent id being set (spawns, respawns, a restore): while the id table was not written,
    // no life changed and the walk over every slot is skipped.
    if (s.agentIds.writes !== this.#idWrites) {
      const sent = (this.#sentIds ??= new Array<string | undefined>(cap + 1));
      // Only the rows set since the last look, when the table still remembers them (a few respawns a tick);
      // every slot otherwise (the first frame, a restore).
      const rows = this.#rows;
      rows.length = 0;
      const some = s.agentIds.rowsSince(this.#idWrites, rows);
      this.#idWrites = s.agentIds.writes;
      if (some) rows.sort((a, b) => a - b);
      const count = some ? rows.length : cap;
      for (let k = 0; k < count; k++) {
        const slot = some ? rows[k]! : k + 1;
        if (slot < 1 || slot > cap || (some && k > 0 && rows[k - 1] === slot)) continue;
        // The id too, not only the life: a console spawn into a slot that never held an agent keeps its life 0.
        const id = s.agentIds.get(slot);
        if (seen[slot] !== lives[slot] || sent[slot] !== id) {
          seen[slot] = lives[slot]!;
          sent[slot] = id;
          idChanges.push([slot, id]);
        }
      }
    }
    const n = s.events.length;
    const e = s.events;
    const frame: Frame = {
      tick: shard.tick,
      agents: withAgents ? copyInto(this.#spareAgents.pop(), agentSources(shard)) : undefined,
      idChanges,
      objects: copyInto(this.#spareObjects.pop(), {
        occupant: s.objects.occupant,
        holder: s.reservations.holder,
        queue: s.queues.length,
        meals: s.objects.meals,
        power: s.objects.power,
        water: s.objects.water,
      }),
      events: eventColumns(n, this.#spareEvents),
      world: this.#world.take(shard, withAgents),
    };
    // Copies through views: slicing shared memory directly is many times slower.
    const ev = frame.events;
    ev.kind.set(e.kind.subarray(0, n));
    ev.agent.set(e.agent.subarray(0, n));
    ev.object.set(e.object.subarray(0, n));
    ev.other.set(e.other.subarray(0, n));
    ev.value.set(e.value.subarray(0, n));
    if (this.#affordances !== s.manifest.table) {
      this.#affordances = s.manifest.table;
      frame.tables = encoderTables(shard);
    }
    return frame;
  }
}

/** Bytes of one event's five columns. */
const EVENT_BYTES = 18;
/** Events a recycled event buffer holds at least (a tick of 10,000 agents writes ≈ 400). */
const EVENT_ROWS = 4096;

/**
 * Columns for `n` events over one buffer, a recycled one when it is large enough (a new SharedArrayBuffer a tick
 * cost the tick thread more than the copy into it). The columns start at fixed offsets for the buffer's capacity.
 */
function eventColumns(n: number, spares: ArrayBuffer[]): EventColumns {
  let buffer = spares.at(-1);
  if (buffer && buffer.byteLength >= n * EVENT_BYTES) spares.pop();
  else buffer = frameBuffer(Math.max(n, EVENT_ROWS) * EVENT_BYTES);
  const rows = Math.floor(buffer.byteLength / EVENT_BYTES);
  return {
    agent: new Uint32Array(buffer, 0, n),
    object: new Uint32Array(buffer, rows * 4, n),
    other: new Int32Array(buffer, rows * 8, n),
    value: new Float32Array(buffer, rows * 12, n),
    kind: new Uint16Array(buffer, rows * 16, n),
  };
}

function agentSources(shard: Shard): AgentColumns {
  const s = shard.state;
  return {
    alive: s.life.alive,
    x: s.positions.x,
    y: s.positions.y,
    hunger: s.needs.hunger,
    hygiene: s.needs.hygiene,
    energy: s.needs.energy,
    wallet: s.wallets.balance,
    job: s.employment.job,
    shift: s.employment.shiftState,
    activity: s.activity.affordance,
  };
}

type Columns = Record<string, Uint8Array | Int16Array | Int32Array | Uint32Array | Float32Array | Float64Array>;

type ColumnType = new (buffer: ArrayBuffer, offset: number, length: number) => Columns[string];

/**
 * Copies each source column into the spare set, or into new arrays of the same types that share one buffer (one
 * allocation, and one buffer to transfer to the encoder's thread).
 */
function copyInto<T extends Columns>(spare: T | undefined, sources: T): T {
  if (!spare) {
    let bytes = 0;
    for (const v of Object.values(sources)) bytes += Math.ceil(v.byteLength / 8) * 8;
    const buffer = frameBuffer(bytes);
    const out: Columns = {};
    let offset = 0;
    for (const [k, v] of Object.entries(sources)) {
      out[k] = new (v.constructor as ColumnType)(buffer, offset, v.length);
      offset += Math.ceil(v.byteLength / 8) * 8;
    }
    spare = out as T;
  }
  for (const k of Object.keys(sources)) (spare[k] as { set(a: ArrayLike<number>): void }).set(sources[k]!);
  return spare;
}
