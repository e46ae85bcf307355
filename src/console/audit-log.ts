import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../core/errors.js';
import { canonicalJson } from './canonical.js';

/** The hash before the first line of a new chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What one audit line records about a command (the chain fields are added by the log). */
export interface AuditRecord {
  cmd_id: string | null;
  label: string | null;
  role: string | null;
  command: string;
  args_digest: string;
  code: string;
  status: number;
  tick: number;
}

/** A line as written: the record, its sequence number, wall time, the previous line's hash and its own. */
export interface AuditLine extends AuditRecord {
  seq: number;
  time: string;
  prev: string;
  hash: string;
}

/** The hash of a line: SHA-256 over its canonical JSON without the `hash` field (so `prev` is covered). */
export function lineHash(line: Omit<AuditLine, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(line)).digest('hex');
}

/**
 * The console's audit log: `<dir>/<UTC date>.jsonl`, one line per command, each carrying the previous line's hash
 * (across files and restarts: the head travels in snapshots), so an edited, removed, inserted or reordered line
 * breaks the chain (`townlet audit verify`). Lines are appended synchronously: a line is on disk before the answer.
 */
export class AuditLog {
  readonly #dir: string;
  #head = GENESIS_HASH;
  #seq = 0;
  #sealed = false;

  /** Creates the folder; throws InputError when it cannot. */
  constructor(dir: string) {
    this.#dir = dir;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      inputError('--audit-dir', 'a folder for the console audit log (created if missing)', `${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  /** The hash of the last line written (GENESIS_HASH before any). */
  get head(): string {
    return this.#head;
  }

  /** From now on nothing is written (a drain's last snapshot holds the chain's head). */
  seal(): void {
    this.#sealed = true;
  }

  /** Appends one line and returns it (once sealed: returns it, writes nothing). */
  append(record: AuditRecord, now = new Date()): AuditLine {
    return this.appendAll([record], now)[0]!;
  }

  /**
   * Appends lines in order with one write per day file (the front desk's acceptances come in batches: one write,
   * not one per line, inside a tick's drain point). Once sealed: returns them, writes nothing.
   */
  appendAll(records: readonly AuditRecord[], now = new Date()): AuditLine[] {
    const time = now.toISOString();
    const lines: AuditLine[] = [];
    let seq = this.#seq;
    let head = this.#head;
    for (const record of records) {
      const body = { ...record, seq: ++seq, time, prev: head };
      const line: AuditLine = { ...body, hash: lineHash(body) };
      lines.push(line);
      head = line.hash;
    }
    if (this.#sealed || lines.length === 0) return lines;
    appendFileSync(join(this.#dir, `${time.slice(0, 10)}.jsonl`), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    this.#seq = seq;
    this.#head = head;
    return lines;
  }

  /** The chain position, for a snapshot's extra section. */
  exportState(): { head: string; seq: number } {
    return { head: this.#head, seq: this.#seq };
  }

  /** Continues the chain of a snapshot. */
  importState(state: unknown): string | undefined {
    const s = state as { head?: unknown; seq?: unknown } | null;
    if (!s || typeof s.head !== 'string' || !/^[0-9a-f]{64}$/.test(s.head) || !Number.isInteger(s.seq)) return 'an audit {head, seq}';
    this.#head = s.head;
    this.#seq = s.seq as number;
    return undefined;
  }
}
