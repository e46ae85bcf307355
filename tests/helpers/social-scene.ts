import type { TownConfigInput } from '../../src/config/schema.js';
import { createShard, type Shard } from '../../src/core/shard.js';
import { scene } from './scene.js';

/** Hand-built scenes for the social tests (not a test file itself). */

/** eat_meal: fridge, 15 ticks. */
export const EAT = 7;
export const NOOP = 0;
export const CHAT = 6;

/**
 * A fridge at (3, 2) on a 7×5 grid with up to four hungry agents around it: ann west (slot 1), bob east (2),
 * cat south (3), dan north (4). Driven by the caller (policy 'external') unless `scripted`.
 */
export function fridgeScene(count: number, over: Partial<TownConfigInput> = {}, scripted = false): Shard {
  const spots: [string, [number, number]][] = [
    ['ann', [2, 2]],
    ['bob', [4, 2]],
    ['cat', [3, 3]],
    ['dan', [3, 1]],
  ];
  return createShard(
    scene({
      width: 7,
      height: 5,
      objects: [{ id: 'fridge', type: 'fridge', position: [3, 2], stock: { meals: 50 } }],
      agents: spots.slice(0, count).map(([id, position]) => ({ id, position, needs: { hunger: 0.2 }, wallet: 10 })),
      over,
    }),
    { policy: scripted ? 'scripted' : 'external' },
  );
}

/** Agents on open floor (no objects), driven by the caller. */
export function floorScene(
  agents: { id: string; position: [number, number] }[],
  over: Partial<TownConfigInput> = {},
): Shard {
  return createShard(scene({ width: 9, height: 7, agents, over }), { policy: 'external' });
}

/** Writes one action per agent slot (slot order) and steps once. */
export function act(shard: Shard, ...actions: number[]): void {
  shard.actions.set(actions);
  shard.step();
}

/** The last tick's events of one kind as [agent, other, value]. */
export function events(shard: Shard, kind: string): [string | null, number, number][] {
  return shard
    .eventRecords()
    .filter((e) => e.kind === kind)
    .map((e) => [e.agent, e.other, e.value]);
}
