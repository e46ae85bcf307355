import type { ShardRunner } from '../serve/shard-runner.js';
import type { TelemetryHub } from '../telemetry/telemetry-hub.js';

/** A run-state command's outcome. */
export type HostResult = { status: string; tick: number; snapshot?: unknown } | { code: 409 | 503; error: string };

/**
 * What the console needs of the thing serving the shard (ServedShard implements it): the runner, run-state
 * controls, the health report and a snapshot with the console's own state in its extra section.
 */
export interface ConsoleHost {
  runner(): ShardRunner | undefined;
  pause(): Promise<HostResult>;
  resume(): Promise<HostResult>;
  snapshotNow(): Promise<HostResult>;
  health(): Promise<unknown>;
  /** The telemetry stream's hub (the telemetry commands reach the stream through it). */
  telemetry?: TelemetryHub | undefined;
}
