import { existsSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { LoadedConfig } from '../config/load-config.js';
import { inputError } from '../core/errors.js';
import { EnvSession, errorReply, type Handled } from './env-session.js';
import type { ErrorReply } from './protocol.js';
import { parseRequest } from './parse-request.js';
import { removeQuietly } from './shared-file.js';

/** A control line longer than this (no newline yet) is a protocol error: control messages are small. */
const MAX_LINE_BYTES = 1 << 20;

/** Options of `serveEnv`. */
export interface ServeOptions {
  loaded: LoadedConfig;
  /** Path of the Unix socket to listen on (must not exist). */
  socketPath: string;
  /** Stop when standard input closes: the parent's end of the pipe closes when the parent dies. */
  exitWithStdin: boolean;
  /** Called once the socket listens. */
  onListening?: () => void;
}

/**
 * `townlet env-server` (docs/BRIDGE.md): builds one TownEnv, listens on a Unix socket for one client, answers
 * its newline-delimited JSON control messages in order, and stops when the client disconnects or sends close,
 * when standard input closes, or on SIGINT/SIGTERM. Resolves once everything is released.
 */
export async function serveEnv(o: ServeOptions): Promise<void> {
  if (existsSync(o.socketPath)) {
    inputError('--socket', 'a path that does not exist yet (the server creates the socket)', `${o.socketPath} exists`);
  }
  const session = new EnvSession(o.loaded);
  const server = createServer();
  let client: Socket | undefined;
  let stopping: Promise<void> | undefined;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.stdin.destroy();
      server.close();
      removeQuietly(o.socketPath);
      await session.close();
      client?.end();
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.off(sig, onSignal);
      done();
    })();
    return stopping;
  };
  const onSignal = () => void stop();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, onSignal);
  if (o.exitWithStdin) {
    process.stdin.on('end', onSignal).on('close', onSignal).on('error', onSignal).resume();
  }

  server.on('connection', (socket) => {
    if (client) {
      socket.destroy(); // one client per server
      return;
    }
    client = socket;
    removeQuietly(o.socketPath); // nobody else may connect, and nothing is left behind
    serveClient(socket, session, stop);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.socketPath, () => resolve());
  });
  o.onListening?.();
  await finished;
}

/** Reads lines from `socket`, handles them one at a time, writes one reply line each. */
function serveClient(socket: Socket, session: EnvSession, stop: () => Promise<void>): void {
  let pending = '';
  let chain = Promise.resolve();
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      chain = chain.then(() => answer(line, socket, session, stop));
    }
    if (pending.length > MAX_LINE_BYTES) {
      socket.write(`${JSON.stringify(protocolError(`a control line longer than ${MAX_LINE_BYTES} bytes`))}\n`);
      pending = '';
      chain = chain.then(stop);
    }
  });
  socket.on('close', () => void chain.then(stop));
  socket.on('error', () => void chain.then(stop));
}

async function answer(line: string, socket: Socket, session: EnvSession, stop: () => Promise<void>): Promise<void> {
  if (line.trim() === '') return;
  const parsed = parseRequest(line);
  let handled: Handled;
  if (!parsed.ok) {
    handled = { reply: protocolError(parsed.message, parsed.id), stop: false };
  } else {
    try {
      handled = await session.handle(parsed.request);
    } catch (err) {
      const reply = errorReply(err, parsed.request.id);
      if (reply.error.kind === 'internal') {
        process.stderr.write(`env-server: internal error: ${(err as Error).stack ?? String(err)}\n`);
      }
      handled = { reply, stop: false };
    }
  }
  if (!socket.destroyed) socket.write(`${JSON.stringify(handled.reply)}\n`);
  if (handled.stop) await stop();
}

function protocolError(message: string, id?: number): ErrorReply {
  return { ...(id === undefined ? {} : { id }), ok: false, error: { kind: 'protocol', message } };
}
