import type { TownConfigInput } from '../../src/config/schema.js';

type Tile = [number, number];

/**
 * A hand-built scene: an empty grid (its border is wall, so the floor is 1..width−2 × 1..height−2) with the
 * given objects, agents and walls.
 */
export interface SceneSpec {
  width: number;
  height: number;
  objects?: { id: string; type: string; position: Tile; stock?: { meals?: number; ingredients?: number } }[];
  agents?: {
    id: string;
    position: Tile;
    needs?: { hunger?: number; hygiene?: number; energy?: number };
    wallet?: number;
  }[];
  walls?: Tile[];
  /** Other top-level sections (replace the defaults below). */
  over?: Partial<TownConfigInput>;
}

/**
 * Config of a scene on an empty layout with no procedural agents. Needs do not decay unless `over.rewards`
 * sets rates, so tests see only the rule under test; mortality stays on.
 */
export function scene(spec: SceneSpec): TownConfigInput {
  return {
    config_id: 'test-scene',
    seed: 1,
    jobs: {},
    rewards: { decay_rates: { hunger: 0, hygiene: 0, energy: 0 } },
    population: { count: 0 },
    world: { grid: { width: spec.width, height: spec.height }, layout: { kind: 'empty' } },
    scenario: { objects: spec.objects ?? [], agents: spec.agents ?? [], walls: spec.walls ?? [] },
    ...spec.over,
  };
}
