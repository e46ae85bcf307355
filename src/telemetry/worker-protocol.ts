import type { TelemetryConfig } from '../config/schema-telemetry.js';
import type { EncoderTables } from './encoder-tables.js';
import type { Frame } from './frame.js';
import type { PipelineStats, Released, UpstreamDrop } from './frame-pipeline.js';
import type { NarrationLimits } from './narration.js';
import type { RelayItem } from './relay-outbox.js';
import type { TelemetryTarget } from './target.js';

/** What the encoder's worker thread starts with (workerData). */
export interface EncoderWorkerInit {
  config: TelemetryConfig;
  tables: EncoderTables;
  salt: Uint8Array;
  privacy: boolean;
  /** The consumer the worker writes itself (a file or a TCP peer), if any. */
  target: TelemetryTarget;
  /** Run the encoder below the tick thread's priority (a served shard, which never waits for it). */
  nice: boolean;
}

/** Tick thread → worker. Relays are consumers on the tick's thread (stdout, WebSocket clients), by number. */
export type ToWorker =
  | { t: 'frames'; frames: Frame[] } |
  { t: 'dropped'; drop: UpstreamDrop } |
  { t: 'relay-add'; id: number } |
  { t: 'relay-remove'; id: number } |
  { t: 'relay-state'; id: number; ready: boolean; wantsSnapshot: boolean } |
  { t: 'privacy'; on: boolean } |
  { t: 'narration'; limits: NarrationLimits } |
  { t: 'close' };

/** Worker → tick thread. */
export type FromWorker =
  | { t: 'ready' } |
  { t: 'lines'; items: RelayItem[] } |
  { t: 'stats'; stats: PipelineStats; relayDrops: [number, number][] } |
  { t: 'recycle'; released: Released[] } |
  { t: 'agents-lost' } |
  { t: 'stalled'; on: boolean } |
  { t: 'closed'; stats: PipelineStats; relayDrops: [number, number][] };
