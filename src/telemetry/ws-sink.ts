import type { WebSocket } from 'ws';
import { type Line, TelemetrySink } from './sink.js';

/** NDJSON lines as WebSocket text messages to one client of `GET /telemetry` (the first is a snapshot). */
export class WebSocketSink extends TelemetrySink {
  readonly #ws: WebSocket;

  constructor(ws: WebSocket, limitBytes: number, label: string) {
    super(`ws:${label}`, limitBytes);
    this.#ws = ws;
  }

  backlogBytes(): number {
    return this.#ws.bufferedAmount;
  }

  protected ready(): boolean {
    return this.#ws.readyState === this.#ws.OPEN;
  }

  protected write(line: Line, done: (ok: boolean) => void): void {
    // One payload per text message: the trailing newline is for files and sockets. Bytes relayed from the encoder's
    // thread go out as they are (every client gets the same buffer; the server does not mask its frames).
    if (typeof line === 'string') {
      this.#ws.send(line.endsWith('\n') ? line.slice(0, -1) : line, (err) => done(!err));
      return;
    }
    const end = line.length > 0 && line[line.length - 1] === 0x0a ? line.length - 1 : line.length;
    this.#ws.send(line.subarray(0, end), { binary: false }, (err) => done(!err));
  }

  protected async release(): Promise<void> {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.close(1001, 'the shard is stopping');
  }
}
