import { Agent, type IncomingHttpHeaders, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Headers of one hop only (RFC 9110 §7.6.1): never passed on. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

function withoutHops(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out = { ...headers };
  for (const name of HOP_BY_HOP) delete out[name];
  return out;
}

/**
 * Where the tick thread's own listener is: a port of 127.0.0.1 (serve's choice: a Unix socket's small buffers made
 * 50 telemetry viewers cost the tick thread its slots, docs/PERFORMANCE.md), or a Unix socket path.
 */
export type Upstream = { path: string } | { port: number };

/**
 * Passes requests on to the tick thread's HTTP listener over kept-alive sockets: bodies streamed both ways, status
 * and headers as they are. WebSocket upgrades become a raw splice of the two sockets once the request head is
 * passed on (the frames are never looked at).
 */
export class FrontProxy {
  readonly #upstream: Upstream;
  // Idle sockets are let go after 60 s, before the tick thread's listener drops them (72 s): a request never goes
  // out on a socket the other end is closing.
  readonly #agent = new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 60_000 });
  readonly #spliced = new Set<Duplex>();

  constructor(upstream: Upstream) {
    this.#upstream = upstream;
  }

  /**
   * Forwards `req`. `body`: its whole body, already read; undefined: the body streams, after `head` (what was read of
   * it before the front gave it up).
   */
  forward(req: IncomingMessage, res: ServerResponse, body?: Buffer, head: Buffer[] = []): void {
    const headers = withoutHops(req.headers);
    if (body !== undefined) headers['content-length'] = String(body.length);
    else if (req.headers['transfer-encoding'] !== undefined) headers['transfer-encoding'] = req.headers['transfer-encoding'];
    const upstream = request(
      {
        ...('path' in this.#upstream ? { socketPath: this.#upstream.path } : { host: '127.0.0.1', port: this.#upstream.port }),
        method: req.method,
        path: req.url,
        headers,
        agent: this.#agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, withoutHops(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.setNoDelay(true);
    upstream.on('error', (err) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const text = JSON.stringify({ error: `the shard's listener did not answer (${err.message})` });
      res.writeHead(502, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
    // A client that leaves before its answer: the request upstream goes too (a `wait` no longer waits for nobody).
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body !== undefined) {
      upstream.end(body);
      return;
    }
    for (const chunk of head) upstream.write(chunk);
    req.pipe(upstream);
  }

  /** Passes an upgrade request (WebSocket) on and splices the two sockets. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const upstream: Socket = 'path' in this.#upstream ? connect(this.#upstream.path) : connect(this.#upstream.port, '127.0.0.1');
    upstream.setNoDelay(true);
    (socket as Socket).setNoDelay?.(true);
    this.#spliced.add(socket);
    this.#spliced.add(upstream);
    const end = () => {
      socket.destroy();
      upstream.destroy();
      this.#spliced.delete(socket);
      this.#spliced.delete(upstream);
    };
    upstream.on('error', end);
    socket.on('error', end);
    upstream.on('close', end);
    socket.on('close', end);
    upstream.on('connect', () => {
      let text = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) text += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      upstream.write(`${text}\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
  }

  /** Ends every spliced socket and the kept-alive ones. */
  close(): void {
    for (const socket of [...this.#spliced]) socket.destroy();
    this.#spliced.clear();
    this.#agent.destroy();
  }
}
