import { z } from 'zod';
import { int, needTriple, num, section, tile, unit } from './schema-helpers.js';

/** `world`: the grid and the procedural town layout. */
export const worldSchema = section(
  {
    grid: section(
      {
        width: z
          .number()
          .int()
          .min(4)
          .max(8192)
          .optional()
          .describe('grid width in tiles; absent = the smallest size that fits the town'),
        height: z
          .number()
          .int()
          .min(4)
          .max(8192)
          .optional()
          .describe('grid height in tiles; absent = the smallest size that fits the town'),
      },
      'grid size; both or neither',
    ),
    layout: section(
      {
        kind: z
          .enum(['town', 'empty'])
          .default('town')
          .describe(
            'town = procedural homes and workplaces sized to the population; empty = bordered grid for hand-built scenes',
          ),
        residents_per_home: int(1, 64, 4, 'agents sharing one home'),
        beds_per_home: int(0, 64, 2, 'beds in each home'),
        fridges_per_home: int(0, 16, 1, 'fridges in each home'),
        stoves_per_home: int(0, 16, 1, 'stoves in each home'),
        showers_per_home: int(0, 16, 1, 'showers in each home'),
        agents_per_workplace: int(
          1,
          10_000,
          40,
          'agents per workplace building (at least one workplace per job)',
        ),
      },
      'procedural town layout',
    ),
    stock: section(
      {
        fridge_meals: int(0, 1_000_000, 5, 'meals in a fridge at start'),
        stove_ingredients: int(0, 1_000_000, 3, 'raw ingredients in a stove at start'),
      },
      'initial object stock',
    ),
  },
  'the grid and the town layout',
);

/** `population`: how many agents, how much room, where they start. */
export const populationSchema = section(
  {
    count: int(0, 1_000_000, 100, 'agents spawned at start by the layout (scenario agents come on top)'),
    capacity: z
      .number()
      .int()
      .min(1)
      .max(2_000_000)
      .optional()
      .describe('agent slots (tensor rows); absent = count + scenario agents; must be at least that'),
    placement: z
      .enum(['home', 'random'])
      .default('home')
      .describe('home = each agent starts inside its home; random = any walkable tile (world stream)'),
    initial_needs: needTriple(0.9, 0.9, 0.9, 'needs of agents spawned at start'),
    initial_needs_spread: unit(
      0,
      'each procedural agent\'s start needs are lowered by a draw in [0, spread] (world stream), so a town does not move in lockstep',
    ),
    initial_wallet: num(0, 1_000_000, 5, 'wallet of agents spawned at start'),
  },
  'population size and placement',
);

const needsOverride = z
  .strictObject({
    hunger: z.number().min(0).max(1).optional().describe('hunger'),
    hygiene: z.number().min(0).max(1).optional().describe('hygiene'),
    energy: z.number().min(0).max(1).optional().describe('energy'),
  })
  .describe('needs; missing ones take population.initial_needs');

const scenarioObject = z
  .strictObject({
    id: z.string().min(1).max(64).describe('object id (unique)'),
    type: z.string().min(1).max(32).describe('object type, e.g. fridge, stove, shower, bed, workplace'),
    position: tile,
    stock: z
      .strictObject({
        meals: z.number().int().min(0).optional().describe('meals'),
        ingredients: z.number().int().min(0).optional().describe('raw ingredients'),
      })
      .optional()
      .describe('stock; missing values take world.stock'),
  })
  .describe('a hand-placed object');

const scenarioAgent = z
  .strictObject({
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
        'expected letters, digits, _ . - (no #: it marks replacements)',
      )
      .describe('agent id (unique)'),
    position: tile,
    needs: needsOverride.optional(),
    wallet: z
      .number()
      .min(0)
      .max(1_000_000)
      .optional()
      .describe('wallet; absent = population.initial_wallet'),
    job: z.string().min(1).optional().describe('job id from `jobs`; absent = none'),
    home: tile.optional().describe('home tile; absent = the start position'),
  })
  .describe('a hand-placed agent');

/** `scenario`: explicit objects and agents for hand-built scenes. */
export const scenarioSchema = section(
  {
    walls: z.array(tile).max(1_000_000).default([]).describe('tiles made unwalkable, as [x, y] pairs'),
    objects: z.array(scenarioObject).max(100_000).default([]).describe('objects placed by hand'),
    agents: z.array(scenarioAgent).max(100_000).default([]).describe('agents placed by hand'),
  },
  'hand-built scene: explicit objects and agents',
);

/** `workers`: the worker-thread pool. */
export const workersSchema = section(
  {
    threads: int(0, 64, 0, 'worker threads for tensor work; 0 = inline on the main thread'),
    inline_below_agents: int(0, 10_000_000, 2048, 'shards with fewer live agents than this stay inline'),
  },
  'worker-thread pool',
);
