import { EVENT_KINDS } from '../core/event-kinds.js';
import { type JsonBytes, utf8 } from './json-bytes.js';
import { TELEMETRY_SCHEMA_VERSION } from './payload-schemas.js';

// The fixed pieces of the payloads and the numbers in them, as bytes, each written exactly as the JSON text of
// the payload has it (String() of the number, JSON.stringify of the name).

/** A string as JSON writes it (null for null). */
export const quote = (s: string | null) => (s === null ? 'null' : JSON.stringify(s));
/** A number as JSON writes it (non-finite numbers are null there too). */
export const num = (v: number) => (Number.isFinite(v) ? String(v) : 'null');
export const q3 = (v: number) => Math.round(v * 1000) / 1000;
export const q4 = (v: number) => Math.round(v * 10000) / 10000;
/** A need's count of thousandths (needs are sent quantized to 1e-3). */
export const milli = (v: number) => Math.round(v * 1000);

export const NULL = utf8('null');
export const TRUE = utf8('true');
export const FALSE = utf8('false');
export const HEAD = utf8(`{"schema_version":${quote(TELEMETRY_SCHEMA_VERSION)},"tick":`);
/** An event's kind and the key of its agent, by kind code: `,"kind":"chat","agent":`. */
const KIND_AGENT = EVENT_KINDS.map((k) => utf8(`,"kind":${quote(k.name)},"agent":`));

export function writeKindAgent(w: JsonBytes, kind: number): void {
  const b = KIND_AGENT[kind - 1];
  if (b) w.bytes(b);
  else w.text(`,"kind":"kind_${kind}","agent":`);
}

/**
 * A need field (`,"hunger":0.5`) by its count of thousandths, for needs in [0, 1] (most of a diff's numbers): the
 * field name and value in one copy.
 */
export class NeedField {
  readonly #prefix: Uint8Array;
  readonly #table: Uint8Array[];

  constructor(name: string) {
    this.#prefix = utf8(`,${quote(name)}:`);
    this.#table = Array.from({ length: 1001 }, (_, k) => utf8(`,${quote(name)}:${String(k / 1000)}`));
  }

  /** Writes the field, from its count of thousandths. */
  write(w: JsonBytes, k: number): void {
    if (k >= 0 && k <= 1000) {
      w.bytes(this.#table[k]!);
      return;
    }
    w.bytes(this.#prefix);
    w.text(num(k / 1000));
  }
}

/** A field whose value is one of a table of names, by code (`,"job":"grocer"`), null (or `fallback`) beyond it. */
export function codeFields(name: string, values: readonly string[]): Uint8Array[] {
  return values.map((v) => utf8(`,${quote(name)}:${quote(v)}`));
}

/** A wallet quantized to 1e-4 (`num(q4(v))`): its digits straight from the count of ten-thousandths. */
export function writeWallet(w: JsonBytes, v: number): void {
  const k = Math.round(v * 10000);
  if (k > -1e15 && k < 1e15) w.decimal(k, 4);
  else w.text(num(k / 10000));
}

/** Event values as sent (7 significant digits), by value: a town repeats most of its values. */
const EVENT_VALUES = new Map<number, Uint8Array>();
const EVENT_VALUES_KEPT = 1 << 16;

const VALUE = utf8(',"value":');

/** An event's value field as sent: `,"value":` and `num(Number(v.toPrecision(7)))`, integers below 10^7 directly. */
export function writeEventValue(w: JsonBytes, v: number): void {
  if (Number.isInteger(v) && v > -1e7 && v < 1e7) {
    w.bytes(VALUE);
    w.int(v);
    return;
  }
  let b = EVENT_VALUES.get(v);
  if (b === undefined) {
    if (EVENT_VALUES.size >= EVENT_VALUES_KEPT) EVENT_VALUES.clear();
    b = utf8(`,"value":${num(Number(v.toPrecision(7)))}`);
    EVENT_VALUES.set(v, b);
  }
  w.bytes(b);
}
