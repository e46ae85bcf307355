import { EXIT_REASONS } from '../core/event-kinds.js';
import { TOTAL_AGENT_STEPS, TOTAL_EXITS_BASE, TOTAL_INVALID_ACTIONS } from '../core/totals.js';
import type { HealthReport, ServeStatus, SnapshotInfo } from './schemas.js';
import type { ShardRunner } from './shard-runner.js';

/** The health report of a served shard (call at a tick boundary: it hashes the world). */
export function healthReport(
  runner: ShardRunner,
  status: ServeStatus,
  snapshot: SnapshotInfo | null,
): Omit<HealthReport, 'audit_head'> {
  const shard = runner.shard;
  const totals = shard.state.totals.values;
  let exits = 0;
  for (let i = 1; i <= EXIT_REASONS.length; i++) exits += totals[TOTAL_EXITS_BASE + i]!;
  const live = shard.liveAgents;
  const steps = totals[TOTAL_AGENT_STEPS]!;
  return {
    status,
    tick: shard.tick,
    ticks_this_process: runner.ticked,
    live_agents: live,
    survival_rate: live + exits > 0 ? live / (live + exits) : null,
    violation_rate: steps > 0 ? totals[TOTAL_INVALID_ACTIONS]! / steps : null,
    tick_ms: { p50: runner.window.quantile(0.5), p99: runner.window.quantile(0.99), window: runner.window.count },
    tick_slice_ms: {
      p50: runner.slices.quantile(0.5),
      p99: runner.slices.quantile(0.99),
      max: runner.slices.quantile(1),
    },
    tick_start_late_ms: runner.paced
      ? {
          p50: runner.lateness.quantile(0.5),
          p99: runner.lateness.quantile(0.99),
          within_5ms: runner.lateness.shareAtMost(5),
          window: runner.lateness.count,
        }
      : null,
    last_snapshot: snapshot,
    world_hash: shard.hash(),
    workers: shard.workerPool?.threads ?? 0,
    error: runner.fault ? runner.fault.message : null,
  };
}
