import { Counter, Gauge, type Registry } from 'prom-client';
import type { TelemetryHub } from './telemetry-hub.js';

/**
 * The stream's Prometheus series, read from its counts at scrape time: payloads produced, delivered and dropped
 * (summed over consumers), the frame backlog and the bytes slow consumers hold, and the consumers connected.
 */
export function registerTelemetryMetrics(registry: Registry, hub: TelemetryHub): void {
  const registers = [registry];
  const counter = (name: string, help: string, key: 'produced' | 'delivered' | 'dropped' | 'aggregated') => {
    let seen = 0;
    new Counter({
      name,
      help,
      registers,
      collect() {
        const now = hub.stream?.stats()[key] ?? 0;
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
  };
  counter('townlet_telemetry_produced_total', 'Telemetry payloads meant for consumers (each consumer counts)', 'produced');
  counter('townlet_telemetry_delivered_total', 'Telemetry payloads flushed to a consumer', 'delivered');
  counter('townlet_telemetry_dropped_total', 'Telemetry payloads dropped (full buffer, slow or absent consumer)', 'dropped');
  counter('townlet_telemetry_aggregated_total', 'Per-tick telemetry payloads replaced by aggregate summaries (aggregate mode)', 'aggregated');
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  gauge('townlet_telemetry_backlog', 'Ticks captured and not yet encoded', () => hub.stream?.stats().backlog ?? 0);
  gauge('townlet_telemetry_backlog_bytes', 'Bytes held for slow consumers', () => hub.stream?.stats().backlog_bytes ?? 0);
  gauge('townlet_telemetry_consumers', 'Telemetry consumers connected', () => hub.stream?.stats().consumers ?? 0);
}
