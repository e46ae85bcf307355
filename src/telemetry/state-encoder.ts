import { EventKind } from '../core/event-kinds.js';
import { SHIFT_STATES } from '../employment/shift-states.js';
import type { EncoderTables } from './encoder-tables.js';
import { type AgentColumns, type Frame, type ObjectColumns } from './frame.js';
import { bytesText, JsonBytes, utf8 } from './json-bytes.js';
import { ObjectChanges } from './object-changes.js';
import {
  codeFields,
  FALSE,
  HEAD,
  milli,
  NeedField,
  NULL,
  num,
  q3,
  q4,
  quote,
  TRUE,
  writeEventValue,
  writeKindAgent,
  writeWallet,
} from './payload-bytes.js';
import {
  type AgentRecord,
  type EventsPayload,
  type FlatDiff,
  type ObjectRecord,
  type SnapshotPayload,
  TELEMETRY_SCHEMA_VERSION,
  WORLD_SECTIONS,
  type WorldState,
} from './payload-schemas.js';
import { AgentIdMask } from './privacy.js';

/** What applying a frame gives: its payload lines as UTF-8 bytes, and the columns it replaced (free to reuse). */
export interface Applied {
  /** The diff payload's line (with its newline); undefined when not encoded. */
  diff: Uint8Array | undefined;
  /** The events payload's line, undefined without events or when not encoded. */
  events: Uint8Array | undefined;
  released: { agents?: AgentColumns | undefined; objects?: ObjectColumns | undefined };
}

/** A key JavaScript objects order before the others (an array index). */
const INDEX_LIKE = /^(0|[1-9]\d{0,9})$/;

const COMMA = 44;
const COLON = 58;
const OPEN = 123;
const CLOSE = 125;
const NEWLINE = 10;
const DIFF_TYPE = utf8(',"payload_type":"diff"');
const EVENTS_TYPE = utf8(',"payload_type":"events","events":[');
const SNAPSHOT_TYPE = utf8(',"payload_type":"snapshot","agents_tick":');
const AGENTS = utf8(',"agents":');
const AGENTS_TICK = utf8(',"agents_tick":');
const OBJECTS = utf8(',"objects":');
const WORLD = utf8(',"world":');
const SET = utf8('{"set":{');
const REMOVED = utf8('"removed":[');
const X = utf8(',"x":');
const Y = utf8(',"y":');
const SLOT = utf8('{"slot":');
const X_FIRST = utf8('{"x":');
const HUNGER = new NeedField('hunger');
const HYGIENE = new NeedField('hygiene');
const ENERGY = new NeedField('energy');
const WALLET = utf8(',"wallet":');
const JOB_NULL = utf8(',"job":null');
const SHIFT_FIELDS = codeFields('shift', SHIFT_STATES);
const SHIFT_UNKNOWN = utf8(',"shift":"unknown"');
const ACTIVITY_NULL = utf8(',"activity":null');
const OCCUPANT = utf8(',"occupant":');
const HOLDER = utf8(',"holder":');
const QUEUE = utf8(',"queue":');
const MEALS = utf8(',"meals":');
const POWER = utf8(',"power":');
const WATER = utf8(',"water":');
const SEQ = utf8('{"seq":');
const NO_OBJECT_OTHER = utf8(',"object":null,"other":');
const UNKNOWN_OBJECT_OTHER = utf8(',"object":"","other":');
const OTHER_AGENT = utf8(',"other_agent":');
const EVENTS_END = utf8(']}\n');

/** Event kinds whose `other` column is an agent's entity id (docs/ARCHITECTURE.md#events). */
const OTHER_IS_AGENT = new Uint8Array(256);
for (const kind of [
  EventKind.queue_conflict,
  EventKind.queue_handover,
  EventKind.chat,
  EventKind.chat_failure,
  EventKind.shared_meal,
  EventKind.rivalry_changed,
  EventKind.relationship_changed,
  EventKind.rival_avoided,
]) {
  OTHER_IS_AGENT[kind] = 1;
}

/**
 * Turns frames into payloads, off the tick: the state as of the last frame (the agent section as of the last frame
 * that carried one), the diff of each new frame against it, its events, and a full snapshot on demand. Payloads
 * are written straight as UTF-8 bytes from the columns (no object per agent or event, no string of the whole
 * payload): fixed fragments, integers and quantized numbers as digits, names from tables encoded once. The text is
 * what JSON.stringify would write (tests/telemetry-encoder-bytes.test.ts holds it to the former text encoder byte
 * for byte). Reads only the shard's static tables (object ids and types, job and affordance names: plain data, so
 * a worker thread can hold them); everything that changes comes in the frames.
 */
export class StateEncoder {
  readonly mask: AgentIdMask;
  #t!: EncoderTables;
  #objectJson: Uint8Array[] = [];
  /** Per object row, an event's object field and the key after it: `,"object":"fridge_3","other":`. */
  #objectOther: Uint8Array[] = [];
  /** Per object row, its snapshot record up to the occupant's value (the fields that never change). */
  #objectHead: Uint8Array[] = [];
  /** Object ids keep their order as object keys (unique, none reads as an array index). */
  #objectKeysPlain = true;
  /** `,"job":"…"` and `,"activity":"…"` by code. */
  #jobFields: Uint8Array[] = [];
  #activityFields: Uint8Array[] = [];
  /** Agent id by slot, as of the last frame (events name agents by it), and as JSON bytes as shown (lazily). */
  readonly #ids: string[];
  readonly #shown: (Uint8Array | undefined)[];
  /** Agent id by slot as of the agent section. */
  #agentIds: string[];
  #agents: AgentColumns | undefined;
  #agentsTick = 0;
  #objects: ObjectColumns | undefined;
  #world: WorldState = Object.fromEntries(WORLD_SECTIONS.map((k) => [k, {}])) as WorldState;
  #tick = 0;
  #seq = 0;
  readonly #w = new JsonBytes();
  readonly #changes = new ObjectChanges();
  /** Removed agents of the diff being written (rare: kept apart, they come after the set entries). */
  readonly #removed: string[] = [];

  constructor(tables: EncoderTables, mask: AgentIdMask) {
    this.#setTables(tables);
    this.mask = mask;
    this.#ids = new Array<string>(tables.capacity + 1).fill('');
    this.#shown = new Array<Uint8Array | undefined>(tables.capacity + 1);
    this.#agentIds = this.#ids.slice();
  }

  #setTables(t: EncoderTables): void {
    this.#t = t;
    this.#objectJson = t.objectIds.map((id) => utf8(quote(id)));
    this.#objectOther = t.objectIds.map((id) => utf8(`,"object":${quote(id)},"other":`));
    this.#objectHead = t.objectIds.map((id, row) =>
      utf8(`${quote(id)}:{"type":${quote(t.objectTypes[row]!)},"x":${num(t.objectX[row]!)},"y":${num(t.objectY[row]!)},"occupant":`),
    );
    const unique = new Set(t.objectIds).size === t.objectIds.length;
    this.#objectKeysPlain = unique && !t.objectIds.some((id) => INDEX_LIKE.test(id));
    this.#jobFields = codeFields('job', t.jobIds);
    this.#activityFields = codeFields('activity', t.affordanceIds);
  }

  /** The seq the next event will have (events so far, sent or not). */
  get seq(): number {
    return this.#seq;
  }

  /** Tick of the last frame applied. */
  get tick(): number {
    return this.#tick;
  }

  /** Switches privacy mode (the next payload should be a snapshot). */
  setPrivacy(on: boolean): void {
    this.mask.enabled = on;
    this.#shown.fill(undefined);
  }

  /**
   * Takes what a frame that is dropped unencoded still tells (the agents its slots now hold, new tables) and counts
   * its events, so the next events carry the sequence numbers they would have had (the gap shows the loss).
   */
  skip(idChanges: Frame['idChanges'], tables: EncoderTables | undefined, events: number): void {
    if (tables) this.#setTables(tables);
    for (const [slot, id] of idChanges) {
      this.#ids[slot] = id;
      this.#shown[slot] = undefined;
    }
    this.#seq += events;
  }

  /**
   * Applies a frame: returns its diff against the state before it and its events payload (none without events).
   * With `encode` false (nobody listens) it only moves the state on.
   */
  apply(frame: Frame, encode = true): Applied {
    this.#objectSections(frame);
    this.skip(frame.idChanges, frame.tables, 0);
    const released: Applied['released'] = { objects: this.#objects };
    const w = this.#w;
    w.pos = 0;
    if (encode) {
      w.bytes(HEAD);
      w.int(frame.tick);
      w.bytes(DIFF_TYPE);
    }
    if (frame.agents) {
      released.agents = this.#agents;
      if (encode) this.#diffAgents(frame.agents);
      if (encode) {
        w.bytes(AGENTS_TICK);
        w.int(frame.tick);
      }
      this.#agents = frame.agents;
      this.#agentIds = this.#ids.slice();
      this.#agentsTick = frame.tick;
    }
    if (encode) this.#diffObjects(frame.objects);
    this.#objects = frame.objects;
    const world: Record<string, FlatDiff> = {};
    let worldChanged = false;
    for (const section of WORLD_SECTIONS) {
      const next = frame.world[section];
      if (!next) continue;
      const change = encode ? diffFlat(this.#world[section], next) : undefined;
      if (change) {
        world[section] = section === 'employment' ? this.#maskEmployment(change) : change;
        worldChanged = true;
      }
      this.#world[section] = next;
    }
    this.#tick = frame.tick;
    if (!encode) {
      this.#seq += frame.events.kind.length;
      return { diff: undefined, events: undefined, released };
    }
    if (worldChanged) {
      w.bytes(WORLD);
      w.text(JSON.stringify(world));
    }
    w.byte(CLOSE);
    w.byte(NEWLINE);
    const diff = w.take(0);
    return { diff, events: this.#events(frame), released };
  }

  /**
   * Finds the object rows that changed and adds what the object columns give (agents in lines, objects without power
   * or water) to the frame's world sections: here, so the tick thread does not walk every object.
   */
  #objectSections(frame: Frame): void {
    const changes = this.#changes;
    changes.update(this.#objects, frame.objects);
    frame.world.utilities = { objects_without_power: changes.powerOff, objects_without_water: changes.waterOff };
    if (frame.world.counters) frame.world.counters['queue_agents'] = changes.queued;
  }

  /** The snapshot as one line of UTF-8 bytes, with its newline (see `snapshotJson`). */
  snapshotLine(): Uint8Array {
    const w = this.#w;
    w.pos = 0;
    if (!this.#writeSnapshot()) {
      w.pos = 0;
      w.text(JSON.stringify(this.snapshot()));
    }
    w.byte(NEWLINE);
    return w.take(0);
  }

  /**
   * The snapshot as JSON text, written straight from the columns (no object per agent or object): the same text as
   * `JSON.stringify(snapshot())` (tested), which it falls back to when keys would not keep their order as object
   * keys (an id that reads as an array index, or the same id twice).
   */
  snapshotJson(): string {
    const line = this.snapshotLine();
    return bytesText(line.subarray(0, line.length - 1));
  }

  /** Writes the snapshot; false when its keys would not keep their order (the caller falls back). */
  #writeSnapshot(): boolean {
    const w = this.#w;
    w.bytes(HEAD);
    w.int(this.#tick);
    w.bytes(SNAPSHOT_TYPE);
    w.int(this.#agentsTick);
    w.text(`,"privacy":${this.mask.enabled},"agents":{`);
    const keys = new Set<string>();
    const a = this.#agents;
    if (a) {
      let first = true;
      for (let slot = 1; slot < a.alive.length; slot++) {
        if (a.alive[slot] !== 1) continue;
        const id = this.#agentIds[slot]!;
        const key = this.mask.show(id);
        if (keys.size === keys.add(key).size || INDEX_LIKE.test(key)) return false;
        if (!first) w.byte(COMMA);
        first = false;
        if (id === this.#ids[slot]) w.bytes(this.#agentText(slot));
        else w.text(quote(key));
        w.byte(COLON);
        this.#agentJson(a, slot);
      }
    }
    w.byte(CLOSE);
    w.bytes(OBJECTS);
    w.byte(OPEN);
    const o = this.#objects;
    if (o) {
      if (!this.#objectKeysPlain) return false;
      for (let row = 0; row < o.queue.length; row++) {
        if (row > 0) w.byte(COMMA);
        w.bytes(this.#objectHead[row]!);
        w.bytes(this.#agentText(o.occupant[row]!));
        w.bytes(HOLDER);
        w.bytes(this.#agentText(o.holder[row]!));
        w.bytes(QUEUE);
        w.int(o.queue[row]!);
        w.bytes(MEALS);
        w.int(o.meals[row]!);
        w.bytes(POWER);
        w.bytes(o.power[row] === 1 ? TRUE : FALSE);
        w.bytes(WATER);
        w.bytes(o.water[row] === 1 ? TRUE : FALSE);
        w.byte(CLOSE);
      }
    }
    w.byte(CLOSE);
    const world = { ...this.#world };
    world.employment = this.#maskEmployment({ set: world.employment }).set ?? {};
    w.bytes(WORLD);
    w.text(JSON.stringify(world));
    w.byte(CLOSE);
    return true;
  }

  /** The whole state as of the last frame. */
  snapshot(): SnapshotPayload {
    const agents: Record<string, AgentRecord> = {};
    const a = this.#agents;
    if (a) {
      for (let slot = 1; slot < a.alive.length; slot++) {
        if (a.alive[slot] === 1) agents[this.mask.show(this.#agentIds[slot]!)] = this.#agentRecord(a, slot);
      }
    }
    const objects: Record<string, ObjectRecord> = {};
    const o = this.#objects;
    const names = this.#t.objectIds;
    if (o) for (let row = 0; row < o.queue.length; row++) objects[names[row]!] = this.#objectRecord(o, row);
    const world = { ...this.#world };
    world.employment = this.#maskEmployment({ set: world.employment }).set ?? {};
    return {
      schema_version: TELEMETRY_SCHEMA_VERSION,
      tick: this.#tick,
      payload_type: 'snapshot',
      agents_tick: this.#agentsTick,
      privacy: this.mask.enabled,
      agents,
      objects,
      world,
    };
  }

  /** One agent as an object (snapshots); `#agentJson` writes the same as bytes. No slot in privacy mode. */
  #agentRecord(a: AgentColumns, slot: number): AgentRecord {
    const job = a.job[slot]!;
    const activity = a.activity[slot]!;
    return {
      ...(this.mask.enabled ? {} : { slot }),
      x: a.x[slot]!,
      y: a.y[slot]!,
      hunger: q3(a.hunger[slot]!),
      hygiene: q3(a.hygiene[slot]!),
      energy: q3(a.energy[slot]!),
      wallet: q4(a.wallet[slot]!),
      job: job >= 0 ? (this.#t.jobIds[job] ?? null) : null,
      shift: SHIFT_STATES[a.shift[slot]!] ?? 'unknown',
      activity: activity >= 0 ? (this.#t.affordanceIds[activity] ?? null) : null,
    };
  }

  /** One agent's whole record. */
  #agentJson(a: AgentColumns, slot: number): void {
    const w = this.#w;
    if (this.mask.enabled) {
      w.bytes(X_FIRST);
    } else {
      w.bytes(SLOT);
      w.int(slot);
      w.bytes(X);
    }
    w.int(a.x[slot]!);
    w.bytes(Y);
    w.int(a.y[slot]!);
    HUNGER.write(w, milli(a.hunger[slot]!));
    HYGIENE.write(w, milli(a.hygiene[slot]!));
    ENERGY.write(w, milli(a.energy[slot]!));
    w.bytes(WALLET);
    writeWallet(w, a.wallet[slot]!);
    w.bytes(this.#job(a.job[slot]!));
    w.bytes(this.#shift(a.shift[slot]!));
    w.bytes(this.#activity(a.activity[slot]!));
    w.byte(CLOSE);
  }

  #job(code: number): Uint8Array {
    return code >= 0 ? (this.#jobFields[code] ?? JOB_NULL) : JOB_NULL;
  }

  #shift(code: number): Uint8Array {
    return SHIFT_FIELDS[code] ?? SHIFT_UNKNOWN;
  }

  #activity(code: number): Uint8Array {
    return code >= 0 ? (this.#activityFields[code] ?? ACTIVITY_NULL) : ACTIVITY_NULL;
  }

  /** The agent of slot `eid` as of the last frame, as JSON bytes as shown (null for 0). */
  #agentText(eid: number): Uint8Array {
    if (eid === 0) return NULL;
    const shown = this.#shown;
    if (eid > 0 && eid < shown.length) return (shown[eid] ??= utf8(quote(this.mask.show(this.#ids[eid]!))));
    // Not a slot (an event's `other` that is no agent): what an unknown id shows as.
    return utf8(quote(this.mask.show(this.#ids[eid] ?? '')));
  }

  /** Writes `,"agents":{ set, removed }`, or nothing when no agent changed. */
  #diffAgents(next: AgentColumns): void {
    const w = this.#w;
    const prev = this.#agents;
    const removed = this.#removed;
    removed.length = 0;
    const start = w.pos;
    w.bytes(AGENTS);
    w.bytes(SET);
    const setStart = w.pos;
    for (let slot = 1; slot < next.alive.length; slot++) {
      const wasAlive = prev?.alive[slot] === 1;
      const isAlive = next.alive[slot] === 1;
      if (!wasAlive && !isAlive) continue;
      const oldId = this.#agentIds[slot]!;
      const same = wasAlive && isAlive && oldId === this.#ids[slot];
      if (!same) {
        if (wasAlive) removed.push(quote(this.mask.show(oldId)));
        if (!isAlive) continue;
        if (w.pos > setStart) w.byte(COMMA);
        w.bytes(this.#agentText(slot));
        w.byte(COLON);
        this.#agentJson(next, slot);
        continue;
      }
      const entry = w.pos;
      if (entry > setStart) w.byte(COMMA);
      w.bytes(this.#agentText(slot));
      w.byte(COLON);
      const fields = w.pos;
      this.#changedFields(prev!, next, slot);
      if (w.pos === fields) w.pos = entry;
      else {
        w.buf[fields] = OPEN;
        w.byte(CLOSE);
      }
    }
    this.#endKeyed(start, setStart);
  }

  /**
   * Closes `,"name":{"set":{…` opened at `start` (entries from `setStart`) with the removed entries:
   * `{"set":{…},"removed":[…]}`, `{"removed":[…]}`, or nothing at all when both are empty.
   */
  #endKeyed(start: number, setStart: number): void {
    const w = this.#w;
    const removed = this.#removed;
    const anySet = w.pos > setStart;
    if (!anySet && removed.length === 0) {
      w.pos = start;
      return;
    }
    if (anySet) {
      w.byte(CLOSE);
      if (removed.length > 0) w.byte(COMMA);
    } else {
      w.pos = setStart - SET.length + 1;
    }
    if (removed.length > 0) {
      w.bytes(REMOVED);
      w.text(removed.join(','));
      w.byte(93);
    }
    w.byte(CLOSE);
  }

  /** Writes the fields of `slot` that differ between two agent sections (compared as sent: quantized). */
  #changedFields(a: AgentColumns, b: AgentColumns, slot: number): void {
    const w = this.#w;
    if (a.x[slot] !== b.x[slot]) {
      w.bytes(X);
      w.int(b.x[slot]!);
    }
    if (a.y[slot] !== b.y[slot]) {
      w.bytes(Y);
      w.int(b.y[slot]!);
    }
    // Compared as sent: equal thousandths are equal quantized values.
    let v = milli(b.hunger[slot]!);
    if (milli(a.hunger[slot]!) !== v) HUNGER.write(w, v);
    v = milli(b.hygiene[slot]!);
    if (milli(a.hygiene[slot]!) !== v) HYGIENE.write(w, v);
    v = milli(b.energy[slot]!);
    if (milli(a.energy[slot]!) !== v) ENERGY.write(w, v);
    const wallet = b.wallet[slot]!;
    if (q4(a.wallet[slot]!) !== q4(wallet)) {
      w.bytes(WALLET);
      writeWallet(w, wallet);
    }
    if (a.job[slot] !== b.job[slot]) w.bytes(this.#job(b.job[slot]!));
    if (a.shift[slot] !== b.shift[slot]) w.bytes(this.#shift(b.shift[slot]!));
    if (a.activity[slot] !== b.activity[slot]) w.bytes(this.#activity(b.activity[slot]!));
  }

  #objectRecord(o: ObjectColumns, row: number): ObjectRecord {
    const t = this.#t;
    return {
      type: t.objectTypes[row]!,
      x: t.objectX[row]!,
      y: t.objectY[row]!,
      occupant: this.#agentName(o.occupant[row]!),
      holder: this.#agentName(o.holder[row]!),
      queue: o.queue[row]!,
      meals: o.meals[row]!,
      power: o.power[row] === 1,
      water: o.water[row] === 1,
    };
  }

  #agentName(eid: number): string | null {
    return eid === 0 ? null : this.mask.show(this.#ids[eid] ?? '');
  }

  /** Writes `,"objects":{"set":{…}}`, or nothing when no object changed. */
  #diffObjects(next: ObjectColumns): void {
    const w = this.#w;
    const prev = this.#objects;
    this.#removed.length = 0;
    const start = w.pos;
    w.bytes(OBJECTS);
    w.bytes(SET);
    const setStart = w.pos;
    if (!prev) {
      for (let row = 0; row < next.queue.length; row++) {
        if (row > 0) w.byte(COMMA);
        w.bytes(this.#objectJson[row]!);
        w.byte(COLON);
        w.text(JSON.stringify(this.#objectRecord(next, row)));
      }
      this.#endKeyed(start, setStart);
      return;
    }
    // The rows that may have changed (apply found them); those whose fields are all equal write nothing.
    const { rows, count } = this.#changes;
    for (let i = 0; i < count; i++) this.#objectFields(prev, next, rows[i]!, setStart);
    this.#endKeyed(start, setStart);
  }

  /** Writes one changed object's entry (its changed fields). */
  #objectFields(prev: ObjectColumns, next: ObjectColumns, row: number, setStart: number): void {
    const w = this.#w;
    const entry = w.pos;
    if (entry > setStart) w.byte(COMMA);
    w.bytes(this.#objectJson[row]!);
    w.byte(COLON);
    const fields = w.pos;
    if (prev.occupant[row] !== next.occupant[row]) {
      w.bytes(OCCUPANT);
      w.bytes(this.#agentText(next.occupant[row]!));
    }
    if (prev.holder[row] !== next.holder[row]) {
      w.bytes(HOLDER);
      w.bytes(this.#agentText(next.holder[row]!));
    }
    if (prev.queue[row] !== next.queue[row]) {
      w.bytes(QUEUE);
      w.int(next.queue[row]!);
    }
    if (prev.meals[row] !== next.meals[row]) {
      w.bytes(MEALS);
      w.int(next.meals[row]!);
    }
    if (prev.power[row] !== next.power[row]) {
      w.bytes(POWER);
      w.bytes(next.power[row] === 1 ? TRUE : FALSE);
    }
    if (prev.water[row] !== next.water[row]) {
      w.bytes(WATER);
      w.bytes(next.water[row] === 1 ? TRUE : FALSE);
    }
    if (w.pos === fields) w.pos = entry;
    else {
      w.buf[fields] = OPEN;
      w.byte(CLOSE);
    }
  }

  #maskEmployment(change: FlatDiff): FlatDiff {
    const list = change.set?.['pending_exits'];
    if (!this.mask.enabled || !Array.isArray(list)) return change;
    return { ...change, set: { ...change.set, pending_exits: list.map((id) => this.mask.show(String(id))) } };
  }

  /**
   * The events payload's line. For kinds whose `other` is an agent, `other_agent` names it as the stream shows
   * agents, and in privacy mode `other` is 0 (an entity id would give the clear id away).
   */
  #events(frame: Frame): Uint8Array | undefined {
    const e = frame.events;
    const n = e.kind.length;
    if (n === 0) return undefined;
    const w = this.#w;
    const start = w.pos;
    const hide = this.mask.enabled;
    const objects = this.#objectOther;
    w.bytes(HEAD);
    w.int(frame.tick);
    w.bytes(EVENTS_TYPE);
    for (let i = 0; i < n; i++) {
      const kind = e.kind[i]!;
      const object = e.object[i]!;
      const other = e.other[i]!;
      if (i > 0) w.byte(COMMA);
      w.bytes(SEQ);
      w.int(this.#seq++);
      writeKindAgent(w, kind);
      w.bytes(this.#agentText(e.agent[i]!));
      w.bytes(object ? (objects[object - 1] ?? UNKNOWN_OBJECT_OTHER) : NO_OBJECT_OTHER);
      const otherIsAgent = OTHER_IS_AGENT[kind] === 1;
      w.int(otherIsAgent && hide ? 0 : other);
      writeEventValue(w, e.value[i]!);
      if (otherIsAgent) {
        w.bytes(OTHER_AGENT);
        w.bytes(this.#agentText(other));
      }
      w.byte(CLOSE);
    }
    w.bytes(EVENTS_END);
    return w.take(start);
  }
}

/** Keys whose values differ (compared as JSON, values are small) and keys that went away. */
function diffFlat(before: Record<string, unknown>, after: Record<string, unknown>): FlatDiff | undefined {
  const set: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const key of Object.keys(before)) if (!(key in after)) removed.push(key);
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (old === value) continue;
    if (typeof value === 'object' && value !== null && JSON.stringify(old) === JSON.stringify(value)) continue;
    set[key] = value;
  }
  if (Object.keys(set).length === 0 && removed.length === 0) return undefined;
  return { ...(Object.keys(set).length > 0 ? { set } : {}), ...(removed.length > 0 ? { removed } : {}) };
}

/** The events payload of a line written by the encoder (for in-process listeners such as narration). */
export function parseEvents(line: Uint8Array): EventsPayload {
  return JSON.parse(bytesText(line)) as EventsPayload;
}
