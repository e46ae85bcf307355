import type { Line, PayloadKind } from './sink.js';

/** One payload for consumers on the tick's thread: its UTF-8 bytes once, and the consumers it is for. */
export interface RelayItem {
  kind: PayloadKind;
  bytes: Uint8Array;
  ids: number[];
  /** For a summary: the per-tick payloads it stands for. */
  folded: number;
}

interface Pending {
  kind: PayloadKind;
  line: Line;
  ids: number[];
  folded: number;
}

const utf8 = new TextEncoder();

/**
 * On the encoder's thread, the lines meant for the tick thread's consumers (WebSocket clients, stdout), gathered so
 * that a payload many consumers get crosses to that thread once, as bytes it can hand to every socket as they are
 * (no copy per consumer, no string encoding there). Lines are grouped per frame: within a group a consumer's state
 * payload (snapshot, diff, summary) comes before its events, so ordering the group's lines that way keeps every
 * consumer's order.
 */
export class RelayOutbox {
  /** By line: text by its value, bytes by identity (the encoder hands every consumer the same bytes). */
  readonly #group = new Map<Line, Pending>();
  readonly #ready: Pending[] = [];

  /** Adds a line for consumer `id` (the same line for several consumers is kept once). */
  add(id: number, kind: PayloadKind, line: Line, folded = 0): void {
    let pending = this.#group.get(line);
    if (!pending) this.#group.set(line, (pending = { kind, line, ids: [], folded }));
    pending.ids.push(id);
  }

  /** Closes the current frame's group. */
  endGroup(): void {
    if (this.#group.size === 0) return;
    const lines = [...this.#group.values()];
    this.#group.clear();
    for (const p of lines) if (p.kind !== 'events') this.#ready.push(p);
    for (const p of lines) if (p.kind === 'events') this.#ready.push(p);
  }

  /** Takes everything gathered, as bytes, and the buffers to transfer with them. */
  take(): { items: RelayItem[]; buffers: ArrayBuffer[] } | undefined {
    this.endGroup();
    if (this.#ready.length === 0) return undefined;
    const items = this.#ready
      .splice(0)
      .map((p) => ({ kind: p.kind, bytes: ownBytes(p.line), ids: p.ids, folded: p.folded }));
    return { items, buffers: items.map((i) => i.bytes.buffer as ArrayBuffer) };
  }
}

/**
 * A line's bytes on a buffer of their own, to transfer: bytes the encoder wrote are copied, since this thread's own
 * consumer (a TCP socket still flushing) may hold the same bytes. (A Buffer's own `slice` would be a view.)
 */
function ownBytes(line: Line): Uint8Array {
  return typeof line === 'string' ? utf8.encode(line) : Uint8Array.prototype.slice.call(line);
}
