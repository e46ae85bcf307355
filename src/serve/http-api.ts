import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import {
  controlResponse,
  errorResponse,
  healthResponse,
  livezResponse,
  readyzResponse,
  stateResponse,
} from './schemas.js';
import type { ServedShard } from './served-shard.js';

/**
 * The HTTP API of `townlet serve` (fastify 5; zod schemas are the route types and the OpenAPI document at
 * /openapi.json). Reads are taken at a tick boundary. The /control routes are for loopback use without auth until
 * the console replaces them with authenticated commands.
 */
export async function buildHttpApi(
  served: ServedShard,
  logger: FastifyBaseLogger,
  features: FastifyPluginAsync[] = [],
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
  for (const feature of features) await app.register(feature);

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

  const control = { schema: { response: { 200: controlResponse, 409: errorResponse, 503: errorResponse } } };
  api.post('/control/pause', control, async (_req, reply) => {
    const r = await served.pause();
    return 'error' in r ? reply.code(r.code).send({ error: r.error }) : r;
  });
  api.post('/control/resume', control, async (_req, reply) => {
    const r = await served.resume();
    return 'error' in r ? reply.code(r.code).send({ error: r.error }) : r;
  });
  api.post('/control/snapshot', control, async (_req, reply) => {
    const r = await served.snapshotNow();
    return 'error' in r ? reply.code(r.code).send({ error: r.error }) : r;
  });
  return app;
}
