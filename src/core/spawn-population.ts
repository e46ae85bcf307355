import type { TownLayout } from '../world/layout.js';
import { tileIndex, isWalkable } from '../world/grid.js';
import { spawnIntoSlot, townAgentId } from './agent-slots.js';
import { InputError, type InputIssue } from './errors.js';
import type { ShardState } from './shard-state.js';

/** The procedural population (slots 1..count) then the scenario's agents. */
export function spawnPopulation(s: ShardState, town: TownLayout, source: string): void {
  const { population, scenario } = s.config;
  const init = population.initial_needs;
  const spread = population.initial_needs_spread;
  const workplaceRowOfBuilding = new Map<number, number>();
  for (let row = 0; row < s.layout.objectCount; row++) {
    if (s.objects.job[row]! >= 0) workplaceRowOfBuilding.set(s.objects.building[row]!, row);
  }
  for (let i = 0; i < population.count; i++) {
    const eid = i + 1;
    let x = town.spawnTiles[2 * i]!;
    let y = town.spawnTiles[2 * i + 1]!;
    if (population.placement === 'random') [x, y] = randomWalkableTile(s);
    setHome(s, eid, x, y, town.homeOf[i] ?? -1);
    const workplaceBuilding = town.workplaceOf[i] ?? -1;
    spawnIntoSlot(s, eid, 0, {
      id: townAgentId(eid),
      x,
      y,
      hunger: lowered(s, init.hunger, spread),
      hygiene: lowered(s, init.hygiene, spread),
      energy: lowered(s, init.energy, spread),
      wallet: population.initial_wallet,
      job: s.jobIds.length > 0 ? i % s.jobIds.length : -1,
      workplace: workplaceBuilding >= 0 ? (workplaceRowOfBuilding.get(workplaceBuilding) ?? -1) : -1,
    });
  }
  const issues: InputIssue[] = [];
  scenario.agents.forEach((a, i) => {
    const eid = population.count + i + 1;
    const [x, y] = a.position;
    if (!isWalkable(s.grid, x, y)) {
      issues.push({
        where: `${source}: scenario.agents[${i}].position`,
        expected: `a walkable tile (not a wall or object) inside the ${s.grid.width}×${s.grid.height} grid`,
        found: `[${x}, ${y}]`,
      });
      return;
    }
    const [hx, hy] = a.home ?? a.position;
    setHome(s, eid, hx, hy, -1);
    spawnIntoSlot(s, eid, 0, {
      id: a.id,
      x,
      y,
      hunger: a.needs?.hunger ?? init.hunger,
      hygiene: a.needs?.hygiene ?? init.hygiene,
      energy: a.needs?.energy ?? init.energy,
      wallet: a.wallet ?? population.initial_wallet,
      job: a.job !== undefined ? s.jobIds.indexOf(a.job) : -1,
      workplace: -1,
    });
  });
  if (issues.length > 0) throw new InputError(issues);
}

/** `need` lowered by a draw in [0, spread] (world stream; no draw when spread is 0), never below 0. */
function lowered(s: ShardState, need: number, spread: number): number {
  return spread > 0 ? Math.max(0, need - spread * s.rng.world.next()) : need;
}

function setHome(s: ShardState, eid: number, x: number, y: number, building: number): void {
  s.homes.x[eid] = x;
  s.homes.y[eid] = y;
  s.homes.building[eid] = building;
}

/** A uniformly drawn walkable tile (world stream). */
function randomWalkableTile(s: ShardState): [number, number] {
  const { width, height } = s.grid;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const x = s.rng.world.int(0, width - 1);
    const y = s.rng.world.int(0, height - 1);
    if (s.grid.walkable[tileIndex(s.grid, x, y)] === 1) return [x, y];
  }
  throw new Error('no walkable tile found for random placement');
}
