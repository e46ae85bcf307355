import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ConsoleResponse, httpStatus } from './codes.js';
import type { Console } from './console.js';
import { TurnQueue } from '../serve/turn-queue.js';

/** Routes that answer without a token when the shard enforces a token file. */
const OPEN_ROUTES = new Set(['/livez', '/readyz', '/metrics']);

/** The bearer token of a request (undefined: none). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/**
 * Registers the console on a served shard's fastify app: `POST /console/<command>` and the WebSocket route
 * `/console`, and (with `enforce`) a hook that refuses every other route but /livez, /readyz and /metrics without
 * a valid token (the console routes answer 401 themselves, in their own response shape, and audit it).
 */
export async function registerConsoleRoutes(
  app: FastifyInstance,
  consoleApi: Console,
  enforce: boolean,
): Promise<void> {
  if (enforce) {
    app.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?')[0]!;
      if (OPEN_ROUTES.has(path) || path === '/console' || path.startsWith('/console/')) return;
      if (!consoleApi.authenticate(bearerToken(request))) {
        await reply.code(401).send({ error: 'a valid bearer token is required (Authorization: Bearer T)' });
      }
    });
  }
  const turns = new TurnQueue();
  await app.register(async (scope) => {
    // A body that is not JSON is `usage` in the console's own shape, not fastify's error.
    scope.setErrorHandler(async (error, _request, reply) => {
      const response: ConsoleResponse = {
        ok: false,
        code: 'usage',
        result: { error: `body: expected a JSON object {args?, cmd_id?, dry_run?, wait?}, found ${(error as Error).message}` },
        tick: 0,
        state_version: consoleApi.stateVersion,
      };
      return reply.code(400).send(response);
    });
    scope.post<{ Params: { command: string } }>('/console/:command', { schema: { hide: true } }, async (request, reply) => {
      const token = bearerToken(request);
      const response = await consoleApi.handle({ command: request.params.command, token, body: request.body });
      // The server's own share of the round trip (from the request's first byte read to the answer): the rest is
      // the wait for the event loop (a tick phase in flight), the network and the client.
      void reply.header('server-timing', `console;dur=${reply.elapsedTime.toFixed(3)}`);
      return reply.code(httpStatus(response)).send(response);
    });
    scope.get('/console', { websocket: true, schema: { hide: true } }, (socket, request) => {
      const token = bearerToken(request);
      if (!consoleApi.authenticate(token)) {
        socket.close(4401, 'unauthorized');
        return;
      }
      // Answers go out in arrival order, one at a time, whatever each command awaits. Each message waits for its
      // turn in the shared turn queue (one message per event-loop turn), so many viewers asking at once never hold
      // a paced tick's start behind the whole burst.
      let chain = Promise.resolve();
      socket.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        chain = chain.then(() => new Promise<void>((done) => {
          turns.push(async () => {
            try {
              const reply = await answerMessage(consoleApi, token, text);
              if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
            } catch {
              // The socket went away meanwhile: nobody to answer.
            } finally {
              done();
            }
          });
        }));
      });
    });
  });
}

/** One WebSocket message {id?, command, args?, cmd_id?, dry_run?, wait?} → {id, status, ...response}. */
async function answerMessage(
  consoleApi: Console,
  token: string | undefined,
  text: string,
): Promise<Record<string, unknown>> {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    message = undefined;
  }
  if (typeof message !== 'object' || message === null || typeof (message as { command?: unknown }).command !== 'string') {
    const response: ConsoleResponse = {
      ok: false,
      code: 'usage',
      result: { error: 'message: expected a JSON object {id?, command, args?, cmd_id?, dry_run?, wait?}' },
      tick: 0,
      state_version: consoleApi.stateVersion,
    };
    return { id: null, status: 400, ...response };
  }
  const { id = null, command, ...body } = message as { id?: unknown; command: string };
  const response = await consoleApi.handle({ command, token, body });
  return { id, status: httpStatus(response), ...response };
}
