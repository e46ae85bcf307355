import type { WebSocket } from 'ws';
import { TelemetrySink } from './sink.js';

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

  protected write(line: string, done: (ok: boolean) => void): void {
    // One payload per message: the trailing newline is for files and sockets.
    this.#ws.send(line.endsWith('\n') ? line.slice(0, -1) : line, (err) => done(!err));
  }

  protected async release(): Promise<void> {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.close(1001, 'the shard is stopping');
  }
}
