import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Shard } from '../core/shard.js';
import type { ServedShard } from '../serve/served-shard.js';
import type { TelemetryHub } from './telemetry-hub.js';
import { registerTelemetryMetrics } from './telemetry-metrics.js';
import { WebSocketSink } from './ws-sink.js';

/**
 * The telemetry route of `townlet serve` (a fastify plugin): `GET /telemetry` upgrades to a WebSocket that gets a
 * snapshot, then the stream's diffs and events (one payload per message); the app (src/serve/http-api.ts) registers
 * @fastify/websocket. Privacy mode and the narration limits are console commands (src/console/commands/telemetry.ts).
 */
export function telemetryRoutes(hub: TelemetryHub) {
  return async (app: FastifyInstance): Promise<void> => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    let clients = 0;
    api.get('/telemetry', { websocket: true, schema: { hide: true } }, (socket, req) => {
      const stream = hub.stream;
      if (!stream) {
        socket.close(1013, 'the shard is loading; try again');
        return;
      }
      const sink = new WebSocketSink(socket, stream.config.sink_buffer_bytes, `${req.ip}#${++clients}`);
      stream.addSink(sink);
      socket.on('close', () => void stream.removeSink(sink));
    });
  };
}

/**
 * Plugs the stream into a served shard once it is built: a capture after every tick (at the boundary), its series
 * in /metrics and its counts in /health.
 */
export function plugTelemetry(served: ServedShard, hub: TelemetryHub, shard: Shard): void {
  const stream = hub.attach(shard);
  served.telemetry = hub;
  served.onStart((runner, metrics) => {
    runner.onTick(() => stream.capture());
    registerTelemetryMetrics(metrics.registry, hub);
  });
  served.healthExtra = () => ({ telemetry: hub.health() });
}
