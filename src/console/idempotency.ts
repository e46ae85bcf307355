import { z } from 'zod';
import type { ConsoleResponse } from './codes.js';

/** Results are kept at least this many ticks and this long (whichever is longer). */
export const KEEP_TICKS = 1440;
export const KEEP_MS = 24 * 60 * 60 * 1000;

const entrySchema = z.object({
  cmd_id: z.string(),
  digest: z.string(),
  tick: z.number(),
  wall_ms: z.number(),
  response: z.custom<ConsoleResponse>((v) => typeof v === 'object' && v !== null),
});

/** One cmd_id's record: the digest of its payload and, once it has applied, its response. */
export interface IdempotencyEntry {
  digest: string;
  tick: number;
  wall_ms: number;
  /** undefined while the command is queued. */
  response: ConsoleResponse | undefined;
}

/**
 * The cmd_id store, with the semantics of an idempotency key: the first request with a cmd_id runs and its
 * response is kept; a repeat with the same payload gets that response back without a second effect; a repeat with
 * another payload is a conflict; a repeat while the first is queued is in progress. Entries older than both
 * KEEP_TICKS ticks and KEEP_MS are dropped.
 */
export class IdempotencyStore {
  readonly #entries = new Map<string, IdempotencyEntry>();
  /** Called for every cmd_id the store forgets (dropped, pruned or replaced by an import). */
  onForget: ((cmdId: string) => void) | undefined;

  get(cmdId: string): IdempotencyEntry | undefined {
    return this.#entries.get(cmdId);
  }

  /** Records a command that runs now or is queued (response undefined until `settle`). */
  begin(cmdId: string, digest: string, tick: number, wallMs: number): void {
    this.#entries.set(cmdId, { digest, tick, wall_ms: wallMs, response: undefined });
  }

  settle(cmdId: string, response: ConsoleResponse): void {
    const entry = this.#entries.get(cmdId);
    if (entry) entry.response = response;
  }

  /** Forgets a cmd_id whose command never ran (refused before it began). */
  drop(cmdId: string): void {
    if (this.#entries.delete(cmdId)) this.onForget?.(cmdId);
  }

  /** The cmd_ids kept (queued or settled). */
  keys(): IterableIterator<string> {
    return this.#entries.keys();
  }

  /**
   * Drops settled entries past both retention bounds. Entries are begun in tick and wall-clock order (the map keeps
   * insertion order), so the walk stops at the first one still kept: a drain pays for what it drops, not for the
   * whole day of cmd_ids it keeps.
   */
  prune(tick: number, wallMs: number): void {
    for (const [id, e] of this.#entries) {
      if (tick - e.tick <= KEEP_TICKS || wallMs - e.wall_ms <= KEEP_MS) return;
      if (e.response) {
        this.#entries.delete(id);
        this.onForget?.(id);
      }
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Settled entries, for a snapshot's extra section (queued ones travel with the queue). */
  exportState(): unknown[] {
    const out: unknown[] = [];
    for (const [cmd_id, e] of this.#entries) if (e.response) out.push({ cmd_id, ...e });
    return out;
  }

  /** Replaces the store with a snapshot's entries; returns an error text for a malformed section. */
  importState(state: unknown): string | undefined {
    const parsed = z.array(entrySchema).safeParse(state);
    if (!parsed.success) return 'a list of {cmd_id, digest, tick, wall_ms, response}';
    for (const id of this.#entries.keys()) this.onForget?.(id);
    this.#entries.clear();
    for (const e of parsed.data) {
      this.#entries.set(e.cmd_id, { digest: e.digest, tick: e.tick, wall_ms: e.wall_ms, response: e.response });
    }
    return undefined;
  }
}
