import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import {
  errorResponse,
  healthResponse,
  livezResponse,
  readyzResponse,
  stateResponse,
} from './schemas.js';
import type { ServedShard } from './served-shard.js';
import type { Console } from '../console/console.js';
import { registerConsoleRoutes } from '../console/serve-routes.js';

/** What buildHttpApi adds beside the shard's own routes. */
export interface HttpApiOptions {
  /** The console (POST /console/<command>, WebSocket /console); without it the shard has no run control. */
  console?: Console;
  /** Refuse every route but /livez, /readyz and /metrics without a valid bearer token. */
  enforceTokens?: boolean;
  /** Feature plugins that add their own routes (telemetry's WebSocket stream). */
  features?: FastifyPluginAsync[];
}

/**
 * The HTTP API of `townlet serve` (fastify 5; zod schemas are the route types and the OpenAPI document at
 * /openapi.json). Reads are taken at a tick boundary. Run control (pause, resume, snapshots) and every other
 * operator command go through the console (docs/CONSOLE.md), registered here when given.
 */
export async function buildHttpApi(
  served: ServedShard,
  logger: FastifyBaseLogger,
  options: HttpApiOptions = {},
): Promise<FastifyInstance> {
  // Scrapes and probes every second would drown the lifecycle lines: requests are not logged.
  const app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, {
    openapi: { info: { title: 'townlet serve', version: '1' } },
    transform: jsonSchemaTransform,
  });
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Feature routes (telemetry) come as plugins.
  // Registered once for every WebSocket route (/telemetry, /console): each registration adds its own 'upgrade'
  // listener, and a second one fails on every upgrade ("ServerResponse has an already assigned socket").
  await app.register(fastifyWebsocket, { options: { maxPayload: 1 << 20 } });
  for (const feature of options.features ?? []) await app.register(feature);

  api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  api.get('/livez', { schema: { response: { 200: livezResponse } } }, () => ({ ok: true as const }));

  api.get('/readyz', { schema: { response: { 200: readyzResponse, 503: readyzResponse } } }, async (_req, reply) => {
    const status = served.status();
    const ready = status === 'running';
    return reply.code(ready ? 200 : 503).send({ ready, status, tick: served.tick() });
  });

  api.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const metrics = served.metrics();
    if (!metrics) return reply.code(503).type('text/plain').send('# the shard is loading\n');
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });

  api.get('/health', { schema: { response: { 200: healthResponse, 503: errorResponse } } }, async (_req, reply) => {
    const report = await served.health();
    if (!report) return reply.code(503).send({ error: 'the shard is loading' });
    return report;
  });

  api.get('/state', { schema: { response: { 200: stateResponse, 503: errorResponse } } }, async (_req, reply) => {
    const state = await served.state();
    if (!state) return reply.code(503).send({ error: 'the shard is loading' });
    return state;
  });

  if (options.console) await registerConsoleRoutes(app, options.console, options.enforceTokens ?? false);
  return app;
}
