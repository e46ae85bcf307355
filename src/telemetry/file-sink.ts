import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Line, TelemetrySink } from './sink.js';

/**
 * NDJSON into a file, rotated by size: once the file has reached `maxBytes`, at the next tick it becomes PATH.1
 * (PATH.1 becomes PATH.2, …; the oldest beyond `keep` is deleted) and a new PATH begins with a snapshot, so every
 * file can be read alone. Writes are synchronous appends (a local file is fast; a full disk drops and counts).
 */
export class FileSink extends TelemetrySink {
  readonly path: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  #fd: number;
  #size: number;
  /** Files rotated away so far. */
  rotations = 0;

  constructor(path: string, maxBytes: number, keep: number) {
    super(`file:${path}`, Number.MAX_SAFE_INTEGER);
    this.path = path;
    this.#maxBytes = maxBytes;
    this.#keep = keep;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'a');
    this.#size = fstatSync(this.#fd).size;
  }

  backlogBytes(): number {
    return 0;
  }

  /** Called at a tick boundary, before the tick's payloads: rotates a full file. */
  beforeTick(): void {
    if (this.#size < this.#maxBytes) return;
    closeSync(this.#fd);
    rmSync(`${this.path}.${this.#keep}`, { force: true });
    for (let i = this.#keep - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.#fd = openSync(this.path, 'a');
    this.#size = 0;
    this.rotations++;
    this.wantsSnapshot = true;
  }

  protected ready(): boolean {
    return true;
  }

  protected write(line: Line, done: (ok: boolean) => void): void {
    try {
      this.#size += typeof line === 'string' ? writeSync(this.#fd, line) : writeSync(this.#fd, line);
      done(true);
    } catch {
      done(false);
    }
  }

  protected async release(): Promise<void> {
    closeSync(this.#fd);
  }
}
