import { connect, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { type Line, TelemetrySink } from './sink.js';

/** How long a closing sink waits for its consumer to take what is buffered. */
const CLOSE_GRACE_MS = 2000;

/** NDJSON on standard output (a pipe that stops reading makes payloads drop, never the tick wait). */
export class StdoutSink extends TelemetrySink {
  readonly #out: Writable;

  constructor(limitBytes: number, out: Writable = process.stdout) {
    super('stdout', limitBytes);
    this.#out = out;
  }

  backlogBytes(): number {
    return this.#out.writableLength;
  }

  protected ready(): boolean {
    return this.#out.writable;
  }

  protected write(line: Line, done: (ok: boolean) => void): void {
    this.#out.write(line, (err) => done(!err));
  }

  protected async release(): Promise<void> {
    if (this.#out.writableLength === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_GRACE_MS);
      this.#out.once('drain', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** First and longest wait between reconnection attempts. */
const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 5000;

/**
 * NDJSON to a listening consumer over TCP. Connects at once and again after every loss, waiting 100 ms, then
 * twice as long each failed attempt (at most 5 s). Payloads produced while disconnected are dropped and counted;
 * after each (re)connection the first state payload is a snapshot.
 */
export class TcpSink extends TelemetrySink {
  readonly host: string;
  readonly port: number;
  #socket: Socket | undefined;
  #connected = false;
  #backoff = BACKOFF_MIN_MS;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Successful connections so far. */
  connections = 0;
  /** Resolves once the first connection attempt succeeded or failed. */
  readonly settled: Promise<void>;
  #settle: () => void = () => undefined;

  constructor(host: string, port: number, limitBytes: number) {
    super(`tcp:${host}:${port}`, limitBytes);
    this.host = host;
    this.port = port;
    this.settled = new Promise((resolve) => (this.#settle = resolve));
    this.#connect();
  }

  #connect(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    const socket = connect({ host: this.host, port: this.port });
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.#connected = true;
      this.#backoff = BACKOFF_MIN_MS;
      this.connections++;
      this.wantsSnapshot = true;
      this.#settle();
    });
    // The consumer never talks back; reading keeps a half-closed peer detectable.
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#settle();
      this.#connected = false;
      if (this.#socket === socket) this.#socket = undefined;
      if (this.#stopped) return;
      this.wantsSnapshot = true;
      this.#timer = setTimeout(() => this.#connect(), this.#backoff);
      this.#timer.unref();
      this.#backoff = Math.min(BACKOFF_MAX_MS, this.#backoff * 2);
    });
  }

  backlogBytes(): number {
    return this.#socket?.writableLength ?? 0;
  }

  protected ready(): boolean {
    return this.#connected;
  }

  protected write(line: Line, done: (ok: boolean) => void): void {
    const socket = this.#socket;
    if (!socket) return done(false);
    socket.write(line, (err) => done(!err));
  }

  protected async release(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    const socket = this.#socket;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        socket.destroy();
        resolve();
      }, this.inFlight > 0 ? CLOSE_GRACE_MS : 0);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end();
    });
  }
}
