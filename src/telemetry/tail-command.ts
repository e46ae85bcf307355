import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { inputError } from '../core/errors.js';
import { formatPayload } from './format-payload.js';
import { telemetryPayload } from './payload-schemas.js';

/** Options of `townlet telemetry tail`. */
export interface TailOptions {
  /** Print the payloads as they came (NDJSON) instead of pretty lines. */
  json?: boolean;
  /** Stop after this many payloads. */
  count?: number;
  /** With a file: print what is there and stop instead of following. */
  noFollow?: boolean;
  /** A bearer token for a served shard's WebSocket (one served with --token-file). */
  token?: string;
}

/**
 * `townlet telemetry tail SOURCE`: prints a stream as it arrives. SOURCE is a file (followed across rotations,
 * like `tail -F`), `tcp:HOST:PORT` (listens there for a shard streaming with `--telemetry tcp:…`) or
 * `ws://HOST:PORT/telemetry` (a served shard). Resolves when the source ends or `count` payloads were printed.
 */
export async function tailCommand(source: string, o: TailOptions): Promise<void> {
  let printed = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const onLine = (line: string) => {
    if (line.trim() === '' || (o.count !== undefined && printed >= o.count)) return;
    printed++;
    if (o.json) process.stdout.write(`${line}\n`);
    else process.stdout.write(`${pretty(line).join('\n')}\n`);
    if (o.count !== undefined && printed >= o.count) finish();
  };
  let stop: () => void;
  if (source.startsWith('ws://') || source.startsWith('ws:')) stop = tailWebSocket(source, onLine, finish, o.token);
  else if (source.startsWith('tcp:')) stop = tailTcp(source, onLine);
  else stop = tailFile(source, onLine, o.noFollow ? finish : undefined);
  await done;
  stop();
}

function pretty(line: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return [`(not JSON) ${line.slice(0, 120)}`];
  }
  const parsed = telemetryPayload.safeParse(value);
  return parsed.success ? formatPayload(parsed.data) : [`(not a telemetry payload) ${line.slice(0, 120)}`];
}

/** Splits a byte stream into lines. */
function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      onLine(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
    }
  };
}

function tailFile(path: string, onLine: (line: string) => void, atEnd: (() => void) | undefined): () => void {
  if (!existsSync(path)) inputError('telemetry tail', 'an existing telemetry file, tcp:HOST:PORT or ws://…', path);
  const split = lineSplitter(onLine);
  let fd = openSync(path, 'r');
  let ino = statSync(path).ino;
  let offset = 0;
  const buffer = Buffer.alloc(1 << 20);
  const readAll = () => {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, offset);
      if (n === 0) break;
      offset += n;
      split(buffer.toString('utf8', 0, n));
    }
  };
  readAll();
  if (atEnd) {
    closeSync(fd);
    atEnd();
    return () => undefined;
  }
  const timer = setInterval(() => {
    readAll();
    // Rotated: finish the old file, then start on the new one.
    if (existsSync(path) && statSync(path).ino !== ino) {
      readAll();
      closeSync(fd);
      fd = openSync(path, 'r');
      ino = statSync(path).ino;
      offset = 0;
      readAll();
    }
  }, 200);
  return () => {
    clearInterval(timer);
    closeSync(fd);
  };
}

function tailTcp(source: string, onLine: (line: string) => void): () => void {
  const m = /^tcp:([^:]+):(\d{1,5})$/.exec(source);
  if (!m) return inputError('telemetry tail', 'tcp:HOST:PORT', source);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    socket.on('data', lineSplitter(onLine));
    socket.on('error', () => undefined);
  });
  server.listen(Number(m[2]), m[1], () => process.stderr.write(`listening on ${source}\n`));
  return () => {
    for (const socket of sockets) socket.destroy();
    server.close();
  };
}

function tailWebSocket(source: string, onLine: (line: string) => void, ended: () => void, token?: string): () => void {
  const url = source.startsWith('ws://') ? source : `ws://${source.slice(3)}`;
  const ws = new WebSocket(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  ws.on('message', (data) => onLine(String(data)));
  ws.on('close', ended);
  ws.on('error', (err) => {
    process.stderr.write(`telemetry tail: ${url}: ${err.message}\n`);
    ended();
  });
  return () => ws.close();
}
