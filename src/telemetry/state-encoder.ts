import { EVENT_KINDS } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { SHIFT_STATES } from '../employment/shift-states.js';
import type { AgentColumns, Frame, ObjectColumns } from './frame.js';
import {
  type AgentRecord,
  type DiffPayload,
  type EventsPayload,
  type FlatDiff,
  type ObjectRecord,
  type SnapshotPayload,
  TELEMETRY_SCHEMA_VERSION,
  WORLD_SECTIONS,
  type WorldState,
} from './payload-schemas.js';
import { AgentIdMask } from './privacy.js';

/** What applying a frame gives: its payloads, and the columns it replaced (free to reuse). */
export interface Applied {
  diff: DiffPayload;
  events: EventsPayload | undefined;
  released: { agents?: AgentColumns | undefined; objects?: ObjectColumns | undefined };
}

const q3 = (v: number) => Math.round(v * 1000) / 1000;
const q4 = (v: number) => Math.round(v * 10000) / 10000;

/**
 * Turns frames into payloads, off the tick: the state as of the last frame (the agent section as of the last frame
 * that carried one), the diff of each new frame against it, its events, and a full snapshot on demand. Reads only
 * the shard's static tables (object ids and types, job and affordance names); everything that changes comes in
 * the frames.
 */
export class StateEncoder {
  readonly mask: AgentIdMask;
  readonly #s: ShardState;
  /** Agent id by slot, as of the last frame (events name agents by it). */
  readonly #ids: string[];
  /** Agent id by slot as of the agent section. */
  #agentIds: string[];
  #agents: AgentColumns | undefined;
  #agentsTick = 0;
  #objects: ObjectColumns | undefined;
  #world: WorldState = Object.fromEntries(WORLD_SECTIONS.map((k) => [k, {}])) as WorldState;
  #tick = 0;
  #seq = 0;

  constructor(state: ShardState, privacy: boolean) {
    this.#s = state;
    this.mask = new AgentIdMask(privacy);
    this.#ids = new Array<string>(state.layout.capacity + 1).fill('');
    this.#agentIds = this.#ids.slice();
  }

  /** Tick of the last frame applied. */
  get tick(): number {
    return this.#tick;
  }

  /**
   * Applies a frame: returns its diff against the state before it and its events payload (none without events).
   * With `encode` false (nobody listens) it only moves the state on.
   */
  apply(frame: Frame, encode = true): Applied {
    for (const [slot, id] of frame.idChanges) this.#ids[slot] = id;
    const diff: DiffPayload = { schema_version: TELEMETRY_SCHEMA_VERSION, tick: frame.tick, payload_type: 'diff' };
    const released: Applied['released'] = { objects: this.#objects };
    if (frame.agents) {
      released.agents = this.#agents;
      const agents = encode ? this.#diffAgents(frame.agents) : undefined;
      if (agents) diff.agents = agents;
      diff.agents_tick = frame.tick;
      this.#agents = frame.agents;
      this.#agentIds = this.#ids.slice();
      this.#agentsTick = frame.tick;
    }
    const objects = encode ? this.#diffObjects(frame.objects) : undefined;
    if (objects) diff.objects = objects;
    this.#objects = frame.objects;
    const world: NonNullable<DiffPayload['world']> = {};
    for (const section of WORLD_SECTIONS) {
      const next = frame.world[section];
      if (!next) continue;
      const change = encode ? diffFlat(this.#world[section], next) : undefined;
      if (change) world[section] = section === 'employment' ? this.#maskEmployment(change) : change;
      this.#world[section] = next;
    }
    if (Object.keys(world).length > 0) diff.world = world;
    this.#tick = frame.tick;
    if (!encode) {
      this.#seq += frame.events.kind.length;
      return { diff, events: undefined, released };
    }
    return { diff, events: this.#events(frame), released };
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
    const names = this.#s.objectIds;
    if (o) for (let row = 0; row < o.queue.length; row++) objects[names.get(row)] = this.#objectRecord(o, row);
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

  #agentRecord(a: AgentColumns, slot: number): AgentRecord {
    const job = a.job[slot]!;
    const activity = a.activity[slot]!;
    return {
      slot,
      x: a.x[slot]!,
      y: a.y[slot]!,
      hunger: q3(a.hunger[slot]!),
      hygiene: q3(a.hygiene[slot]!),
      energy: q3(a.energy[slot]!),
      wallet: q4(a.wallet[slot]!),
      job: job >= 0 ? (this.#s.jobIds[job] ?? null) : null,
      shift: SHIFT_STATES[a.shift[slot]!] ?? 'unknown',
      activity: activity >= 0 ? (this.#s.manifest.table.ids[activity] ?? null) : null,
    };
  }

  #diffAgents(next: AgentColumns): DiffPayload['agents'] {
    const prev = this.#agents;
    const set: Record<string, Record<string, unknown>> = {};
    const removed: string[] = [];
    for (let slot = 1; slot < next.alive.length; slot++) {
      const wasAlive = prev?.alive[slot] === 1;
      const isAlive = next.alive[slot] === 1;
      const oldId = this.#agentIds[slot]!;
      const newId = this.#ids[slot]!;
      const same = wasAlive && isAlive && oldId === newId;
      if (wasAlive && !same) removed.push(this.mask.show(oldId));
      if (isAlive && !same) set[this.mask.show(newId)] = this.#agentRecord(next, slot);
      if (!same) continue;
      const fields = this.#changedFields(prev!, next, slot);
      if (fields) set[this.mask.show(newId)] = fields;
    }
    return compact(set, removed);
  }

  /** The fields of `slot` that differ between two agent sections (compared as sent: quantized), or undefined. */
  #changedFields(a: AgentColumns, b: AgentColumns, slot: number): Record<string, unknown> | undefined {
    let f: Record<string, unknown> | undefined;
    if (a.x[slot] !== b.x[slot]) (f ??= {})['x'] = b.x[slot];
    if (a.y[slot] !== b.y[slot]) (f ??= {})['y'] = b.y[slot];
    for (const need of ['hunger', 'hygiene', 'energy'] as const) {
      const v = q3(b[need][slot]!);
      if (q3(a[need][slot]!) !== v) (f ??= {})[need] = v;
    }
    const wallet = q4(b.wallet[slot]!);
    if (q4(a.wallet[slot]!) !== wallet) (f ??= {})['wallet'] = wallet;
    if (a.job[slot] !== b.job[slot] || a.shift[slot] !== b.shift[slot] || a.activity[slot] !== b.activity[slot]) {
      const r = this.#agentRecord(b, slot);
      if (a.job[slot] !== b.job[slot]) (f ??= {})['job'] = r.job;
      if (a.shift[slot] !== b.shift[slot]) (f ??= {})['shift'] = r.shift;
      if (a.activity[slot] !== b.activity[slot]) (f ??= {})['activity'] = r.activity;
    }
    return f;
  }

  #objectRecord(o: ObjectColumns, row: number): ObjectRecord {
    const s = this.#s;
    return {
      type: s.objectTypes.name(s.objects.type[row]!),
      x: s.objects.x[row]!,
      y: s.objects.y[row]!,
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

  #diffObjects(next: ObjectColumns): DiffPayload['objects'] {
    const prev = this.#objects;
    const set: Record<string, Record<string, unknown>> = {};
    for (let row = 0; row < next.queue.length; row++) {
      const id = this.#s.objectIds.get(row);
      if (!prev) {
        set[id] = this.#objectRecord(next, row);
        continue;
      }
      let fields: Record<string, unknown> | undefined;
      if (prev.occupant[row] !== next.occupant[row]) (fields ??= {})['occupant'] = this.#agentName(next.occupant[row]!);
      if (prev.holder[row] !== next.holder[row]) (fields ??= {})['holder'] = this.#agentName(next.holder[row]!);
      if (prev.queue[row] !== next.queue[row]) (fields ??= {})['queue'] = next.queue[row]!;
      if (prev.meals[row] !== next.meals[row]) (fields ??= {})['meals'] = next.meals[row]!;
      if (prev.power[row] !== next.power[row]) (fields ??= {})['power'] = next.power[row] === 1;
      if (prev.water[row] !== next.water[row]) (fields ??= {})['water'] = next.water[row] === 1;
      if (fields) set[id] = fields;
    }
    return compact(set, []);
  }

  #maskEmployment(change: FlatDiff): FlatDiff {
    const list = change.set?.['pending_exits'];
    if (!this.mask.enabled || !Array.isArray(list)) return change;
    return { ...change, set: { ...change.set, pending_exits: list.map((id) => this.mask.show(String(id))) } };
  }

  #events(frame: Frame): EventsPayload | undefined {
    const e = frame.events;
    if (e.kind.length === 0) return undefined;
    const events: EventsPayload['events'] = [];
    for (let i = 0; i < e.kind.length; i++) {
      const object = e.object[i]!;
      events.push({
        seq: this.#seq++,
        kind: EVENT_KINDS[e.kind[i]! - 1]?.name ?? `kind_${e.kind[i]}`,
        agent: e.agent[i] ? this.#agentName(e.agent[i]!) : null,
        object: object ? this.#s.objectIds.get(object - 1) : null,
        other: e.other[i]!,
        value: Number(e.value[i]!.toPrecision(7)),
      });
    }
    return { schema_version: TELEMETRY_SCHEMA_VERSION, tick: frame.tick, payload_type: 'events', events };
  }
}

function compact(set: Record<string, Record<string, unknown>>, removed: string[]) {
  const hasSet = Object.keys(set).length > 0;
  if (!hasSet && removed.length === 0) return undefined;
  return { ...(hasSet ? { set } : {}), ...(removed.length > 0 ? { removed } : {}) };
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
