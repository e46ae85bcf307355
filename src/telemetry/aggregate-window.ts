import { EVENT_KINDS } from '../core/event-kinds.js';
import { TELEMETRY_SCHEMA_VERSION, type AggregatePayload } from './payload-schemas.js';
import type { TelemetrySink } from './sink.js';

/** What some ticks add to a window: their range, the payloads they would have had, their events and KPIs. */
export interface FoldedTicks {
  from: number;
  to: number;
  ticks: number;
  /** State and events payloads those ticks would have had for one consumer. */
  payloads: number;
  /** The stream's event seq before these ticks' events. */
  firstSeq: number;
  /** Event counts by kind code (index = code). */
  byKind: ArrayLike<number>;
  /** The KPIs taken in these ticks, if their agent section was captured. */
  kpis?: Record<string, unknown> | undefined;
}

/** Event counts by kind code of one tick's kind column (index = code). */
export function countKinds(kinds: ArrayLike<number>, into: number[] = []): number[] {
  for (let i = 0; i < kinds.length; i++) into[kinds[i]!] = (into[kinds[i]!] ?? 0) + 1;
  return into;
}

/** One consumer's summary in the making: the ticks folded since its last summary. */
class AggregateWindow {
  from = -1;
  to = -1;
  ticks = 0;
  payloads = 0;
  firstSeq = -1;
  events = 0;
  readonly byKind: number[] = [];
  readonly kpis = new Map<string, { min: number; max: number; last: number }>();

  add(f: FoldedTicks): void {
    if (this.from < 0) {
      this.from = f.from;
      this.firstSeq = f.firstSeq;
    }
    this.to = f.to;
    this.ticks += f.ticks;
    this.payloads += f.payloads;
    for (let k = 0; k < f.byKind.length; k++) {
      const n = f.byKind[k] ?? 0;
      if (n === 0) continue;
      this.byKind[k] = (this.byKind[k] ?? 0) + n;
      this.events += n;
    }
    for (const [key, v] of Object.entries(f.kpis ?? {})) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const range = this.kpis.get(key);
      if (range) {
        range.min = Math.min(range.min, v);
        range.max = Math.max(range.max, v);
        range.last = v;
      } else {
        this.kpis.set(key, { min: v, max: v, last: v });
      }
    }
  }

  payload(backlog: number): AggregatePayload {
    const byKind: Record<string, number> = {};
    this.byKind.forEach((n, code) => {
      if (n > 0) byKind[EVENT_KINDS[code - 1]?.name ?? `kind_${code}`] = n;
    });
    return {
      schema_version: TELEMETRY_SCHEMA_VERSION,
      tick: this.to,
      payload_type: 'aggregate',
      from_tick: this.from,
      ticks: this.ticks,
      payloads: this.payloads,
      events: { first_seq: this.firstSeq, count: this.events, by_kind: byKind },
      kpis: Object.fromEntries(this.kpis),
      backlog,
    };
  }
}

/**
 * Aggregate mode (telemetry.overflow: aggregate): consumers that fell behind get their ticks folded into a summary
 * each, sent once it covers `every` ticks and the consumer can take it, instead of payloads dropped one by one.
 * A consumer leaves the mode at a summary sent while the backlog is drained; its next payload is then a snapshot.
 */
export class Aggregator {
  readonly #windows = new Map<TelemetrySink, AggregateWindow>();

  constructor(readonly every: number) {}

  /** Whether `sink` is being sent summaries rather than per-tick payloads. */
  has(sink: TelemetrySink): boolean {
    return this.#windows.has(sink);
  }

  /** Folds ticks into the windows of `sinks` (starting their aggregate mode if needed). */
  fold(sinks: Iterable<TelemetrySink>, ticks: FoldedTicks): void {
    for (const sink of sinks) {
      let w = this.#windows.get(sink);
      if (!w) this.#windows.set(sink, (w = new AggregateWindow()));
      w.add(ticks);
    }
  }

  /**
   * Sends `sink` its summary once the window covers `every` ticks and the consumer can take it; with `drained`
   * (the backlog is down) the consumer then leaves aggregate mode and its next state payload is a snapshot.
   */
  emit(sink: TelemetrySink, backlog: number, drained: boolean): void {
    const w = this.#windows.get(sink);
    if (!w || w.ticks < this.every || !sink.canTake()) return;
    sink.sendAggregate(JSON.stringify(w.payload(backlog)) + '\n', w.payloads);
    if (drained && sink.canTake()) {
      this.#windows.delete(sink);
      sink.wantsSnapshot = true;
    } else {
      this.#windows.set(sink, new AggregateWindow());
    }
  }

  /**
   * The end of a consumer (it leaves, or the stream closes): an open window is sent as it is if the consumer can
   * take it, else the payloads it stood for count as dropped.
   */
  finish(sink: TelemetrySink, backlog: number): void {
    const w = this.#windows.get(sink);
    this.#windows.delete(sink);
    if (!w || w.ticks === 0) return;
    if (sink.canTake()) sink.sendAggregate(JSON.stringify(w.payload(backlog)) + '\n', w.payloads);
    else sink.drop(w.payloads, true);
  }
}
