import { createServer, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { FrontDesk } from '../console/front-desk.js';
import { FrontShared } from '../console/front-shared.js';
import type { ShardFacts } from '../console/shard-facts.js';
import { TokenRing } from '../console/tokens.js';
import { FrontProxy, type Upstream } from './front-proxy.js';

/** What the tick thread hands the front-desk thread (serve's front-host.ts). */
export interface FrontInit {
  host: string;
  port: number;
  /** The tick thread's own HTTP listener. */
  upstream: Upstream;
  tokenFile: string | undefined;
  shared: SharedArrayBuffer;
}

/** Messages between the two threads besides the acceptances. */
export type FrontToMain =
  | { type: 'listening'; port: number } |
  { type: 'listen-error'; code: string; message: string } |
  { type: 'log'; message: string };
export type MainToFront = { type: 'facts'; facts: ShardFacts } | { type: 'close' };

/** A console body larger than fastify's limit goes to the tick thread as is (it refuses it there). */
const BODY_LIMIT = 1 << 20;
/**
 * How long the front keeps trying the shared lock (a few quick tries, then once per event-loop turn) before it
 * forwards the request instead. The tick thread holds it for microseconds, unless the machine takes its core away.
 */
const LOCK_PATIENCE_MS = 50;
const QUICK_TRIES = 64;
/**
 * Made-up requests run through the checks at start (front-desk.ts `warm`): compiled code and the first collections
 * of this thread's heap are behind it before the first real request.
 */
const WARM_ROUNDS = 20_000;
const WARM_SLICE = 250;

const init = workerData as FrontInit;
const port = parentPort!;
const say = (message: FrontToMain) => port.postMessage(message);

let tokens: TokenRing | undefined;
if (init.tokenFile !== undefined) {
  try {
    tokens = new TokenRing(init.tokenFile, (message) => say({ type: 'log', message }));
  } catch (err) {
    // The tick thread read the file a moment ago; without a ring here every console request is forwarded there.
    say({ type: 'log', message: (err as Error).message });
  }
}
const desk = new FrontDesk(new FrontShared(init.shared), tokens);
const proxy = new FrontProxy(init.upstream);

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** The parsed JSON object of a console body, or undefined (the tick thread then answers it as before). */
function jsonBody(req: IncomingMessage, raw: Buffer): unknown {
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !/^application\/json\s*(;|$)/i.test(type) || raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  // fastify refuses prototype keys; the tick thread says so in its own words.
  if (text.includes('__proto__') || text.includes('constructor')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const server = createServer((req, res) => {
  const started = performance.now();
  const path = (req.url ?? '/').split('?')[0]!;
  if (req.method !== 'POST' || !path.startsWith('/console/') || desk.facts === undefined) {
    proxy.forward(req, res);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let forwarded = false;
  req.on('data', (chunk: Buffer) => {
    if (forwarded) return;
    chunks.push(chunk);
    size += chunk.length;
    if (size > BODY_LIMIT) {
      // Too large for the fast path: what was read goes first, the rest streams after it.
      forwarded = true;
      req.pause();
      proxy.forward(req, res, undefined, chunks);
    }
  });
  req.on('end', () => {
    if (forwarded) return;
    const raw = Buffer.concat(chunks, size);
    const body = jsonBody(req, raw);
    const prepared = desk.prepare(path.slice('/console/'.length), bearer(req), body);
    if (!prepared) {
      proxy.forward(req, res, raw);
      return;
    }
    const attempt = () => {
      let answer = desk.commit(prepared);
      for (let i = 0; answer.kind === 'busy' && i < QUICK_TRIES; i++) answer = desk.commit(prepared);
      if (answer.kind === 'busy' && performance.now() - started < LOCK_PATIENCE_MS) {
        setImmediate(attempt);
        return;
      }
      if (answer.kind !== 'accepted') {
        proxy.forward(req, res, raw);
        return;
      }
      const text = JSON.stringify(answer.response);
      res.writeHead(202, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'server-timing': `console;dur=${(performance.now() - started).toFixed(3)};desc="front"`,
      });
      res.end(text);
    };
    attempt();
  });
});
// As fastify's listener: kept-alive client sockets may idle 72 s.
server.keepAliveTimeout = 72_000;
server.on('upgrade', (req, socket, head) => proxy.upgrade(req, socket, head));
server.on('error', (err: NodeJS.ErrnoException) => {
  say({ type: 'listen-error', code: err.code ?? 'error', message: err.message });
});
server.listen({ host: init.host, port: init.port }, () => {
  const address = server.address();
  say({ type: 'listening', port: typeof address === 'object' && address ? address.port : init.port });
  // While the tick thread builds the shard (nothing is accepted before its facts come), not before the URL line,
  // in slices: requests that come meanwhile (probes, reads) are forwarded between two slices.
  let warmed = 0;
  const warmSlice = () => {
    desk.warm(WARM_SLICE);
    warmed += WARM_SLICE;
    if (warmed < WARM_ROUNDS) setImmediate(warmSlice);
  };
  setImmediate(warmSlice);
});

port.on('message', (message: MainToFront) => {
  if (message.type === 'facts') desk.facts = message.facts;
  if (message.type === 'close') {
    server.close();
    server.closeAllConnections();
    proxy.close();
    port.close();
  }
});
