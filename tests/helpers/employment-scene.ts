import type { TownConfigInput } from '../../src/config/schema.js';
import { createShard, type Shard } from '../../src/core/shard.js';
import { scene } from './scene.js';

type Tile = [number, number];

/** Money values of the employment scenes: binary fractions, so wallets are exact. */
export const WAGE = 0.125;
export const LATENESS = 0.25;
export const LATE_TICK = 0.0078125;
export const ABSENCE = 0.5;

/**
 * A 12×7 scene (floor x 1..10, y 1..5) with one job, `shop`, worked at tile (5, 3) during ticks 10..19 of a
 * 50-tick day (10 scheduled ticks); grace 2, absent_cutoff 6, absence_slack 3, scripted_commute on. Agents
 * start at the given tiles with the job and a wallet of 4; needs do not decay. By default the caller writes
 * every action (policy 'external').
 */
export function shopScene(
  agents: { id: string; position: Tile; wallet?: number }[],
  over: Partial<TownConfigInput> = {},
  walls: Tile[] = [],
  policy: 'external' | 'scripted' = 'external',
): Shard {
  const config = scene({
    width: 12,
    height: 7,
    agents: agents.map((a) => ({ wallet: 4, ...a })),
    walls,
    over: {
      ticks_per_day: 50,
      jobs: {
        shop: { start_tick: 10, end_tick: 19, wage_rate: WAGE, lateness_penalty: LATENESS, location: [5, 3] },
      },
      ...over,
      employment: {
        grace_ticks: 2,
        absent_cutoff: 6,
        absence_slack: 3,
        late_tick_penalty: LATE_TICK,
        absence_penalty: ABSENCE,
        scripted_commute: true,
        ...over.employment,
      },
    },
  });
  // Scenario agents name their job in the config.
  config.scenario!.agents!.forEach((a) => (a.job = 'shop'));
  return createShard(config, { policy });
}

/** Entity id of agent `id`. */
export function eidOf(shard: Shard, id: string): number {
  return shard.state.agentIds.indexOf(id);
}

/** Steps until the clock reads `tick`. */
export function stepTo(shard: Shard, tick: number): void {
  while (shard.tick < tick) shard.step();
}
