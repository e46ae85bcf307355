import type { TelemetryConfig } from '../config/schema-telemetry.js';
import { inputError } from '../core/errors.js';
import { FileSink } from './file-sink.js';
import type { TelemetrySink } from './sink.js';
import { StdoutSink, TcpSink } from './stream-sink.js';

/** A parsed telemetry target (`--telemetry` or `telemetry.transport`). */
export type TelemetryTarget =
  | { kind: 'none' } |
  { kind: 'stdout' } |
  { kind: 'file'; path: string } |
  { kind: 'tcp'; host: string; port: number };

/** Parses `none`, `stdout`, `file:PATH` or `tcp:HOST:PORT`; bad input names `where`. */
export function parseTarget(where: string, text: string): TelemetryTarget {
  if (text === 'none') return { kind: 'none' };
  if (text === 'stdout') return { kind: 'stdout' };
  if (text.startsWith('file:') && text.length > 5) return { kind: 'file', path: text.slice(5) };
  const tcp = /^tcp:([^:]+):(\d{1,5})$/.exec(text);
  if (tcp && Number(tcp[2]) >= 1 && Number(tcp[2]) <= 65535) return { kind: 'tcp', host: tcp[1]!, port: Number(tcp[2]) };
  return inputError(where, 'stdout, file:PATH or tcp:HOST:PORT (port 1–65535)', JSON.stringify(text));
}

/** The consumer a target names (none for `none`). */
export function sinkFor(target: TelemetryTarget, config: TelemetryConfig): TelemetrySink | undefined {
  switch (target.kind) {
    case 'none':
      return undefined;
    case 'stdout':
      return new StdoutSink(config.sink_buffer_bytes);
    case 'file':
      return new FileSink(target.path, config.file_max_bytes, config.file_keep);
    case 'tcp':
      return new TcpSink(target.host, target.port, config.sink_buffer_bytes);
  }
}
