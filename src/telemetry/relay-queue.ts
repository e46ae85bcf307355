import { performance } from 'node:perf_hooks';
import type { RelayItem } from './relay-outbox.js';

/** How long lines wait for a tick boundary when no tick comes (a paused or slow shard). */
const IDLE_MS = 100;
/** The longest one turn of the event loop spends handing lines to sockets before it lets a due tick start. */
const SLICE_MS = 3;

/** Hands one line to one consumer. */
export type Deliver = (id: number, item: RelayItem) => void;

/**
 * On a served shard's tick thread, the lines the encoder sent back for this thread's consumers (WebSocket clients,
 * stdout): held until a tick is done, then handed to the sockets in slices of at most SLICE_MS, each slice a turn of
 * the event loop, so a tick whose slot comes meanwhile starts on time and the rest goes out after it. Every
 * consumer gets its lines in order.
 */
export class RelayQueue {
  #held: RelayItem[] = [];
  #queue: RelayItem[] = [];
  #item = 0;
  #id = 0;
  #scheduled = false;
  #timer: NodeJS.Timeout | undefined;
  /** Time spent handing lines over, in ms. */
  ms = 0;

  constructor(readonly deliver: Deliver) {}

  /** Keeps lines until the next `release` (or IDLE_MS when none comes). */
  hold(items: RelayItem[]): void {
    this.#held.push(...items);
    this.#timer ??= setTimeout(() => this.release(), IDLE_MS).unref();
  }

  /** A tick is done: starts handing the lines held over, slice by slice. */
  release(): void {
    this.#take();
    this.#slice(SLICE_MS);
  }

  /** Hands everything over now (the stream is closing). */
  drain(): void {
    this.#take();
    this.#slice(Infinity);
  }

  #take(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#held.length === 0) return;
    this.#queue.push(...this.#held);
    this.#held = [];
  }

  #slice(budgetMs: number): void {
    this.#scheduled = false;
    const start = performance.now();
    const queue = this.#queue;
    while (this.#item < queue.length) {
      const item = queue[this.#item]!;
      while (this.#id < item.ids.length) {
        this.deliver(item.ids[this.#id++]!, item);
        if (performance.now() - start >= budgetMs) break;
      }
      if (this.#id < item.ids.length) break;
      this.#item++;
      this.#id = 0;
    }
    if (this.#item >= queue.length) {
      this.#queue = [];
      this.#item = 0;
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#slice(SLICE_MS));
    }
    this.ms += performance.now() - start;
  }
}
