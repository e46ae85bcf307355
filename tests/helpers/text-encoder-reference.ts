// The text encoder as it was before the byte encoder (commit c3124ff), kept as the oracle the byte encoder must
// equal byte for byte (tests/telemetry-encoder-bytes.test.ts). Not used by the product.
import { EVENT_KINDS, EventKind } from '../../src/core/event-kinds.js';
import { SHIFT_STATES } from '../../src/employment/shift-states.js';
import type { EncoderTables } from '../../src/telemetry/encoder-tables.js';
import type { AgentColumns, Frame, ObjectColumns } from '../../src/telemetry/frame.js';
import {
  type AgentRecord,
  type EventsPayload,
  type FlatDiff,
  type ObjectRecord,
  type SnapshotPayload,
  TELEMETRY_SCHEMA_VERSION,
  WORLD_SECTIONS,
  type WorldState,
} from '../../src/telemetry/payload-schemas.js';
import { AgentIdMask } from '../../src/telemetry/privacy.js';

/** What applying a frame gives: its payloads as JSON text, and the columns it replaced (free to reuse). */
export interface Applied {
  /** The diff payload (one line, no newline); undefined when not encoded. */
  diffJson: string | undefined;
  /** The events payload (one line), undefined without events or when not encoded. */
  eventsJson: string | undefined;
  released: { agents?: AgentColumns | undefined; objects?: ObjectColumns | undefined };
}

const q3 = (v: number) => Math.round(v * 1000) / 1000;
const q4 = (v: number) => Math.round(v * 10000) / 10000;
/** A number as JSON writes it (non-finite numbers are null there too). */
const num = (v: number) => (Number.isFinite(v) ? String(v) : 'null');
/** Needs in [0, 1] as sent (thousandths), written once: most of a diff's numbers. */
const THOUSANDTHS = Array.from({ length: 1001 }, (_, k) => String(k / 1000));
/** A need quantized to 1e-3, as JSON text (from its count of thousandths). */
const need = (k: number) => (k >= 0 && k <= 1000 ? THOUSANDTHS[k]! : num(k / 1000));
const milli = (v: number) => Math.round(v * 1000);
const quote = (s: string | null) => (s === null ? 'null' : JSON.stringify(s));
const STAMP = `"schema_version":${quote(TELEMETRY_SCHEMA_VERSION)}`;
const KIND_JSON = EVENT_KINDS.map((k) => quote(k.name));
/** A key JavaScript objects order before the others (an array index). */
const INDEX_LIKE = /^(0|[1-9]\d{0,9})$/;
const SHIFT_JSON = SHIFT_STATES.map((s) => quote(s));

/** Event kinds whose `other` column is an agent's entity id (docs/ARCHITECTURE.md#events). */
const OTHER_IS_AGENT = new Set<number>([
  EventKind.queue_conflict,
  EventKind.queue_handover,
  EventKind.chat,
  EventKind.chat_failure,
  EventKind.shared_meal,
  EventKind.rivalry_changed,
  EventKind.relationship_changed,
  EventKind.rival_avoided,
]);

/**
 * Turns frames into payloads, off the tick: the state as of the last frame (the agent section as of the last frame
 * that carried one), the diff of each new frame against it, its events, and a full snapshot on demand. Diffs and
 * events are written straight as JSON text from the columns (no object per agent or event, no JSON.stringify of
 * large trees); snapshots, rarer, are built as objects. Reads only the shard's static tables (object ids and
 * types, job and affordance names: plain data, so a worker thread can hold them); everything that changes comes in
 * the frames.
 */
export class TextStateEncoder {
  readonly mask: AgentIdMask;
  #t!: EncoderTables;
  #objectJson: string[] = [];
  /** Object ids keep their order as object keys (unique, none reads as an array index). */
  #objectKeysPlain = true;
  #jobJson: string[] = [];
  #activityJson: string[] = [];
  /** Agent id by slot, as of the last frame (events name agents by it), and as JSON text as shown (lazily). */
  readonly #ids: string[];
  readonly #shown: (string | undefined)[];
  /** Agent id by slot as of the agent section. */
  #agentIds: string[];
  #agents: AgentColumns | undefined;
  #agentsTick = 0;
  #objects: ObjectColumns | undefined;
  #world: WorldState = Object.fromEntries(WORLD_SECTIONS.map((k) => [k, {}])) as WorldState;
  #tick = 0;
  #seq = 0;

  constructor(tables: EncoderTables, mask: AgentIdMask) {
    this.#setTables(tables);
    this.mask = mask;
    this.#ids = new Array<string>(tables.capacity + 1).fill('');
    this.#shown = new Array<string | undefined>(tables.capacity + 1);
    this.#agentIds = this.#ids.slice();
  }

  #setTables(t: EncoderTables): void {
    this.#t = t;
    this.#objectJson = t.objectIds.map(quote);
    const unique = new Set(t.objectIds).size === t.objectIds.length;
    this.#objectKeysPlain = unique && !t.objectIds.some((id) => INDEX_LIKE.test(id));
    this.#jobJson = t.jobIds.map(quote);
    this.#activityJson = t.affordanceIds.map(quote);
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
    addObjectSections(frame);
    this.skip(frame.idChanges, frame.tables, 0);
    const released: Applied['released'] = { objects: this.#objects };
    let diff = `{${STAMP},"tick":${frame.tick},"payload_type":"diff"`;
    if (frame.agents) {
      released.agents = this.#agents;
      const agents = encode ? this.#diffAgents(frame.agents) : undefined;
      if (agents) diff += `,"agents":${agents}`;
      diff += `,"agents_tick":${frame.tick}`;
      this.#agents = frame.agents;
      this.#agentIds = this.#ids.slice();
      this.#agentsTick = frame.tick;
    }
    const objects = encode ? this.#diffObjects(frame.objects) : undefined;
    if (objects) diff += `,"objects":${objects}`;
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
    if (worldChanged) diff += `,"world":${JSON.stringify(world)}`;
    this.#tick = frame.tick;
    if (!encode) {
      this.#seq += frame.events.kind.length;
      return { diffJson: undefined, eventsJson: undefined, released };
    }
    return { diffJson: `${diff}}`, eventsJson: this.#events(frame), released };
  }

  /**
   * The snapshot as JSON text, written straight from the columns (no object per agent or object): the same text as
   * `JSON.stringify(snapshot())` (tested), which it falls back to when keys would not keep their order as object
   * keys (an id that reads as an array index, or the same id twice).
   */
  snapshotJson(): string {
    const parts: string[] = [];
    const keys = new Set<string>();
    const a = this.#agents;
    if (a) {
      for (let slot = 1; slot < a.alive.length; slot++) {
        if (a.alive[slot] !== 1) continue;
        const key = this.mask.show(this.#agentIds[slot]!);
        if (keys.size === keys.add(key).size || INDEX_LIKE.test(key)) return JSON.stringify(this.snapshot());
        parts.push(`${quote(key)}:${this.#agentJson(a, slot)}`);
      }
    }
    const objects: string[] = [];
    const o = this.#objects;
    if (o) {
      if (!this.#objectKeysPlain) return JSON.stringify(this.snapshot());
      const t = this.#t;
      for (let row = 0; row < o.queue.length; row++) {
        objects.push(
          `${this.#objectJson[row]}:{"type":${quote(t.objectTypes[row]!)},` +
          `"x":${num(t.objectX[row]!)},"y":${num(t.objectY[row]!)},` +
          `"occupant":${this.#agentText(o.occupant[row]!)},"holder":${this.#agentText(o.holder[row]!)},"queue":${o.queue[row]},` +
          `"meals":${o.meals[row]},"power":${o.power[row] === 1},"water":${o.water[row] === 1}}`,
        );
      }
    }
    const world = { ...this.#world };
    world.employment = this.#maskEmployment({ set: world.employment }).set ?? {};
    return `{${STAMP},"tick":${this.#tick},"payload_type":"snapshot","agents_tick":${this.#agentsTick},` +
      `"privacy":${this.mask.enabled},"agents":{${parts.join(',')}},"objects":{${objects.join(',')}},"world":${JSON.stringify(world)}}`;
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

  /** One agent as an object (snapshots); `#agentJson` writes the same as text. No slot in privacy mode. */
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

  #agentJson(a: AgentColumns, slot: number): string {
    const slotField = this.mask.enabled ? '' : `"slot":${slot},`;
    return `{${slotField}"x":${a.x[slot]},"y":${a.y[slot]},"hunger":${need(milli(a.hunger[slot]!))},` +
      `"hygiene":${need(milli(a.hygiene[slot]!))},"energy":${need(milli(a.energy[slot]!))},` +
      `"wallet":${num(q4(a.wallet[slot]!))},"job":${this.#job(a.job[slot]!)},"shift":${this.#shift(a.shift[slot]!)},` +
      `"activity":${this.#activity(a.activity[slot]!)}}`;
  }

  #job(code: number): string {
    return code >= 0 ? (this.#jobJson[code] ?? 'null') : 'null';
  }

  #shift(code: number): string {
    return SHIFT_JSON[code] ?? '"unknown"';
  }

  #activity(code: number): string {
    return code >= 0 ? (this.#activityJson[code] ?? 'null') : 'null';
  }

  /** The agent of slot `eid` as of the last frame, as JSON text as shown (null for 0). */
  #agentText(eid: number): string {
    if (eid === 0) return 'null';
    return (this.#shown[eid] ??= quote(this.mask.show(this.#ids[eid] ?? '')));
  }

  #diffAgents(next: AgentColumns): string | undefined {
    const prev = this.#agents;
    const set: string[] = [];
    const removed: string[] = [];
    for (let slot = 1; slot < next.alive.length; slot++) {
      const wasAlive = prev?.alive[slot] === 1;
      const isAlive = next.alive[slot] === 1;
      if (!wasAlive && !isAlive) continue;
      const oldId = this.#agentIds[slot]!;
      const same = wasAlive && isAlive && oldId === this.#ids[slot];
      if (wasAlive && !same) removed.push(quote(this.mask.show(oldId)));
      if (isAlive && !same) set.push(`${this.#agentText(slot)}:${this.#agentJson(next, slot)}`);
      if (!same) continue;
      const fields = this.#changedFields(prev!, next, slot);
      if (fields) set.push(`${this.#agentText(slot)}:{${fields}}`);
    }
    return keyedJson(set, removed);
  }

  /** The fields of `slot` that differ between two agent sections (compared as sent: quantized), or ''. */
  #changedFields(a: AgentColumns, b: AgentColumns, slot: number): string {
    let f = '';
    if (a.x[slot] !== b.x[slot]) f += `,"x":${b.x[slot]}`;
    if (a.y[slot] !== b.y[slot]) f += `,"y":${b.y[slot]}`;
    // Compared as sent: equal thousandths are equal quantized values.
    let v = milli(b.hunger[slot]!);
    if (milli(a.hunger[slot]!) !== v) f += `,"hunger":${need(v)}`;
    v = milli(b.hygiene[slot]!);
    if (milli(a.hygiene[slot]!) !== v) f += `,"hygiene":${need(v)}`;
    v = milli(b.energy[slot]!);
    if (milli(a.energy[slot]!) !== v) f += `,"energy":${need(v)}`;
    v = q4(b.wallet[slot]!);
    if (q4(a.wallet[slot]!) !== v) f += `,"wallet":${num(v)}`;
    if (a.job[slot] !== b.job[slot]) f += `,"job":${this.#job(b.job[slot]!)}`;
    if (a.shift[slot] !== b.shift[slot]) f += `,"shift":${this.#shift(b.shift[slot]!)}`;
    if (a.activity[slot] !== b.activity[slot]) f += `,"activity":${this.#activity(b.activity[slot]!)}`;
    return f.length > 0 ? f.slice(1) : f;
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

  #diffObjects(next: ObjectColumns): string | undefined {
    const prev = this.#objects;
    const set: string[] = [];
    if (!prev) {
      for (let row = 0; row < next.queue.length; row++) {
        set.push(`${this.#objectJson[row]}:${JSON.stringify(this.#objectRecord(next, row))}`);
      }
      return keyedJson(set, []);
    }
    // Most objects do not change in a tick: one pass over the columns (held in locals) finds those that did.
    const { occupant: po, holder: ph, queue: pq, meals: pm, power: pp, water: pw } = prev;
    const { occupant: no, holder: nh, queue: nq, meals: nm, power: np, water: nw } = next;
    for (let row = 0; row < nq.length; row++) {
      if (po[row] === no[row] && ph[row] === nh[row] && pq[row] === nq[row] && pm[row] === nm[row] &&
        pp[row] === np[row] && pw[row] === nw[row]) continue;
      let f = '';
      if (prev.occupant[row] !== next.occupant[row]) f += `,"occupant":${this.#agentText(next.occupant[row]!)}`;
      if (prev.holder[row] !== next.holder[row]) f += `,"holder":${this.#agentText(next.holder[row]!)}`;
      if (prev.queue[row] !== next.queue[row]) f += `,"queue":${next.queue[row]}`;
      if (prev.meals[row] !== next.meals[row]) f += `,"meals":${next.meals[row]}`;
      if (prev.power[row] !== next.power[row]) f += `,"power":${next.power[row] === 1}`;
      if (prev.water[row] !== next.water[row]) f += `,"water":${next.water[row] === 1}`;
      if (f.length > 0) set.push(`${this.#objectJson[row]}:{${f.slice(1)}}`);
    }
    return keyedJson(set, []);
  }

  #maskEmployment(change: FlatDiff): FlatDiff {
    const list = change.set?.['pending_exits'];
    if (!this.mask.enabled || !Array.isArray(list)) return change;
    return { ...change, set: { ...change.set, pending_exits: list.map((id) => this.mask.show(String(id))) } };
  }

  /**
   * The events payload as JSON text. For kinds whose `other` is an agent, `other_agent` names it as the stream
   * shows agents, and in privacy mode `other` is 0 (an entity id would give the clear id away).
   */
  #events(frame: Frame): string | undefined {
    const e = frame.events;
    if (e.kind.length === 0) return undefined;
    const out: string[] = [];
    const hide = this.mask.enabled;
    for (let i = 0; i < e.kind.length; i++) {
      const kind = e.kind[i]!;
      const object = e.object[i]!;
      let other = e.other[i]!;
      let otherAgent = '';
      if (OTHER_IS_AGENT.has(kind)) {
        otherAgent = `,"other_agent":${this.#agentText(other)}`;
        if (hide) other = 0;
      }
      out.push(
        `{"seq":${this.#seq++},"kind":${KIND_JSON[kind - 1] ?? `"kind_${kind}"`},"agent":${this.#agentText(e.agent[i]!)},` +
        `"object":${object ? (this.#objectJson[object - 1] ?? '""') : 'null'},"other":${other},` +
        `"value":${num(Number(e.value[i]!.toPrecision(7)))}${otherAgent}}`,
      );
    }
    return `{${STAMP},"tick":${frame.tick},"payload_type":"events","events":[${out.join(',')}]}`;
  }
}

/** `{ set: {...}, removed: [...] }` as JSON text from its entries, or undefined when both are empty. */
function keyedJson(set: string[], removed: string[]): string | undefined {
  if (set.length === 0 && removed.length === 0) return undefined;
  const parts: string[] = [];
  if (set.length > 0) parts.push(`"set":{${set.join(',')}}`);
  if (removed.length > 0) parts.push(`"removed":[${removed.join(',')}]`);
  return `{${parts.join(',')}}`;
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
export function parseEvents(line: string): EventsPayload {
  return JSON.parse(line) as EventsPayload;
}

/**
 * Adds what the object columns give (agents in lines, objects without power or water) to a frame's world sections:
 * on the encoder's side, so the tick thread does not walk every object.
 */
function addObjectSections(frame: Frame): void {
  const o = frame.objects;
  let queued = 0;
  let powerOff = 0;
  let waterOff = 0;
  for (let i = 0; i < o.queue.length; i++) {
    queued += o.queue[i]!;
    if (o.power[i] === 0) powerOff++;
    if (o.water[i] === 0) waterOff++;
  }
  frame.world.utilities = { objects_without_power: powerOff, objects_without_water: waterOff };
  if (frame.world.counters) frame.world.counters['queue_agents'] = queued;
}
