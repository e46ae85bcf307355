import { addComponent, addEntity, createWorld } from 'bitecs';
import { createActions } from '../../components/actions.js';
import { createActivity } from '../../components/activity.js';
import { createEmployment } from '../../components/employment.js';
import { createHomes } from '../../components/home.js';
import { createLife } from '../../components/life.js';
import { createNeeds } from '../../components/needs.js';
import { createObjects } from '../../components/objects.js';
import { createPersonality } from '../../components/personality.js';
import { createPolicyMemory } from '../../components/policy-memory.js';
import { createPositions } from '../../components/position.js';
import { createQueues } from '../../components/queues.js';
import { createReservations } from '../../components/reservations.js';
import { createSocial } from '../../components/social.js';
import { sharedFloat64, sharedInt32 } from '../../components/shared-arrays.js';
import { createTags } from '../../components/tags.js';
import { createWallets } from '../../components/wallet.js';
import { compileAffordances } from '../affordances/affordance-table.js';
import type { AffordanceManifest } from '../affordances/manifest.js';
import { engineScope } from '../affordances/precondition-scope.js';
import type { TownConfig } from '../config/schema.js';
import { createEconomy } from '../economy/economy-state.js';
import { createExitQueue } from '../employment/exit-queue.js';
import { buildJobTable } from '../employment/job-table.js';
import { createKpiState } from '../kpis/kpi-state.js';
import { createPerturbations } from '../perturbations/perturbation-state.js';
import { AgentIndex } from '../world/agent-index.js';
import { DistanceFields } from '../world/distance-fields.js';
import { isWalkable, setBlocked } from '../world/grid.js';
import { generateTownLayout, LayoutError, type TownLayout } from '../world/layout.js';
import { buildObjectIndex } from '../world/object-index.js';
import { InputError, type InputIssue, inputError } from './errors.js';
import { EventBuffer } from './event-buffer.js';
import { LiveAgents } from './live-agents.js';
import { ManifestState } from './manifest-state.js';
import { registerState } from './register-state.js';
import { createRngStreams } from './rng.js';
import type { ShardState } from './shard-state.js';
import { NameTable, StringTable } from './side-tables.js';
import { spawnPopulation } from './spawn-population.js';
import { StateRegistry } from './state-registry.js';
import { TOTALS_LENGTH } from './totals.js';

/** An object to place: from the procedural layout or the scenario. */
interface ObjectPlan {
  id: string;
  type: string;
  x: number;
  y: number;
  meals: number;
  ingredients: number;
  building: number;
  job: number;
}

/**
 * Builds a shard's world from a validated config and its loaded manifest: lays out the town, allocates every
 * component for the capacity, creates the pooled entities, registers all state and spawns the initial
 * population. `source` names the config in error messages. Throws InputError when the config cannot make a world.
 * `populate: false` leaves every agent slot empty: for a shard whose registered state is about to be replaced
 * (a snapshot being loaded), where spawning would be work thrown away.
 */
export function buildShardState(
  config: TownConfig,
  source: string,
  manifest: AffordanceManifest,
  { populate = true }: { populate?: boolean } = {},
): ShardState {
  const jobIds = Object.keys(config.jobs);
  const town = layOutTown(config, jobIds.length, source);
  const grid = town.grid;
  const plans = planObjects(config, town, manifest, source);

  const scenarioAgents = config.scenario.agents;
  const capacity = config.population.capacity ?? Math.max(1, config.population.count + scenarioAgents.length);
  const objectCount = plans.length;
  const objectBase = capacity + 1;
  const reservationBase = objectBase + objectCount;

  const tags = createTags();
  const world = createWorld();
  for (let eid = 1; eid <= capacity; eid++) addTagged(world, tags.Agent, eid);
  for (let row = 0; row < objectCount; row++) addTagged(world, tags.InteractiveObject, objectBase + row);
  for (let row = 0; row < objectCount; row++) addTagged(world, tags.Reservation, reservationBase + row);

  const objectTypes = new NameTable(255);
  const objects = createObjects(objectCount);
  const objectIds = new StringTable(objectCount);
  plans.forEach((p, row) => {
    objects.type[row] = objectTypes.intern(p.type);
    objects.x[row] = p.x;
    objects.y[row] = p.y;
    objects.meals[row] = p.meals;
    objects.ingredients[row] = p.ingredients;
    objects.building[row] = p.building;
    objects.job[row] = p.job;
    objectIds.set(row, p.id);
  });

  const byJob = workplacesByJob(objects.job, objects.type, objectTypes.code('workplace'), jobIds.length);
  const state: ShardState = {
    config,
    layout: { capacity, objectCount, objectBase, reservationBase },
    world,
    tags,
    grid,
    positions: createPositions(capacity),
    needs: createNeeds(capacity),
    wallets: createWallets(capacity),
    life: createLife(capacity),
    homes: createHomes(capacity),
    employment: createEmployment(capacity, config.employment.attendance_window),
    objects,
    reservations: createReservations(objectCount),
    queues: createQueues(capacity, objectCount),
    activity: createActivity(capacity),
    actions: createActions(capacity),
    policyMemory: createPolicyMemory(capacity),
    personality: createPersonality(capacity),
    social: createSocial(capacity, config, objects),
    economy: createEconomy(config, jobIds, capacity),
    exitQueue: createExitQueue(capacity),
    perturbations: createPerturbations(config, capacity),
    kpis: createKpiState(capacity),
    tensors: undefined,
    objectIndex: buildObjectIndex(grid, objects.x, objects.y),
    fields: new DistanceFields(grid, objects.type, objects.x, objects.y),
    agentIndex: new AgentIndex(grid, capacity),
    scratch: new Uint32Array(capacity),
    agentIds: new StringTable(capacity + 1),
    objectIds,
    objectTypes,
    jobIds,
    workplacesByJob: byJob,
    jobs: buildJobTable(config, jobIds, grid, objects, byJob, source),
    // The table is compiled below, once the arrays its preconditions read exist.
    manifest: new ManifestState(manifest, undefined as never),
    rng: createRngStreams(config.config_id, config.seed),
    events: new EventBuffer(),
    live: new LiveAgents(capacity),
    totals: { values: sharedFloat64(TOTALS_LENGTH) },
    completions: sharedFloat64(manifest.affordances.length),
    clock: sharedInt32(1),
    registry: new StateRegistry(),
  };
  state.manifest.table = compileAffordances(manifest, engineScope(state), objectTypes);
  // Build the fields agents will walk now, so the first hungry tick does not pay for a search of the whole map.
  for (const type of new Set(state.manifest.table.objectType)) state.fields.field(type);
  registerState(state);
  if (populate) spawnPopulation(state, town, source);
  return state;
}

function addTagged(world: ReturnType<typeof createWorld>, tag: object, expected: number): void {
  const eid = addEntity(world);
  // Tensor rows and component indices rely on this fixed id layout.
  if (eid !== expected) throw new Error(`entity layout broken: expected id ${expected}, bitecs gave ${eid}`);
  addComponent(world, eid, tag);
}

function layOutTown(config: TownConfig, jobs: number, source: string): TownLayout {
  const { layout, grid } = config.world;
  try {
    return generateTownLayout({
      kind: layout.kind,
      agents: config.population.count,
      residentsPerHome: layout.residents_per_home,
      bedsPerHome: layout.beds_per_home,
      fridgesPerHome: layout.fridges_per_home,
      stovesPerHome: layout.stoves_per_home,
      showersPerHome: layout.showers_per_home,
      agentsPerWorkplace: layout.agents_per_workplace,
      jobs,
      ...(grid.width !== undefined ? { width: grid.width } : {}),
      ...(grid.height !== undefined ? { height: grid.height } : {}),
      seed: `${config.config_id}:${config.seed}:layout`,
    });
  } catch (err) {
    if (err instanceof LayoutError) inputError(`${source}: world`, 'a layout that fits', err.message);
    throw err;
  }
}

/** Layout objects, then scenario objects, then manifest objects (both must stand on free walkable tiles). */
function planObjects(
  config: TownConfig,
  town: TownLayout,
  manifest: AffordanceManifest,
  source: string,
): ObjectPlan[] {
  const { stock } = config.world;
  const perKind = new Map<string, number>();
  const nextId = (type: string) => {
    const n = (perKind.get(type) ?? 0) + 1;
    perKind.set(type, n);
    return `${type}_${n}`;
  };
  const plans: ObjectPlan[] = town.objects.map((o) => ({
    id: nextId(o.kind),
    type: o.kind,
    x: o.x,
    y: o.y,
    meals: o.kind === 'fridge' ? stock.fridge_meals : 0,
    ingredients: o.kind === 'stove' ? stock.stove_ingredients : 0,
    building: o.building,
    job: o.job,
  }));
  const issues: InputIssue[] = [];
  config.scenario.walls.forEach(([x, y], i) => {
    if (x < town.grid.width && y < town.grid.height) setBlocked(town.grid, x, y);
    else {
      issues.push({
        where: `${source}: scenario.walls[${i}]`,
        expected: `a tile inside the ${town.grid.width}×${town.grid.height} grid`,
        found: `[${x}, ${y}]`,
      });
    }
  });
  const taken = new Set(plans.map((p) => p.id));
  config.scenario.objects.forEach((o, i) => {
    const [x, y] = o.position;
    if (!isWalkable(town.grid, x, y)) {
      issues.push({
        where: `${source}: scenario.objects[${i}].position`,
        expected: `a free walkable tile inside the ${town.grid.width}×${town.grid.height} grid`,
        found: `[${x}, ${y}]`,
      });
      return;
    }
    if (taken.has(o.id)) {
      issues.push({
        where: `${source}: scenario.objects[${i}].id`,
        expected: 'an id not used by the town',
        found: o.id,
      });
      return;
    }
    setBlocked(town.grid, x, y);
    plans.push({
      id: o.id,
      type: o.type,
      x,
      y,
      meals: o.stock?.meals ?? (o.type === 'fridge' ? stock.fridge_meals : 0),
      ingredients: o.stock?.ingredients ?? (o.type === 'stove' ? stock.stove_ingredients : 0),
      building: -1,
      job: -1,
    });
  });
  manifest.objects.forEach((o) => {
    const where = `${manifest.path}: object ${o.id}.position`;
    const expected = `a free walkable tile inside the ${town.grid.width}×${town.grid.height} grid`;
    if (!o.position) {
      issues.push({ where, expected, found: 'no position (objects stand on a tile in this engine)' });
      return;
    }
    const [x, y] = o.position;
    if (!isWalkable(town.grid, x, y) || taken.has(o.id)) {
      issues.push({ where, expected: `${expected}, with an id not used by the town`, found: `[${x}, ${y}] (${o.id})` });
      return;
    }
    taken.add(o.id);
    setBlocked(town.grid, x, y);
    plans.push({
      id: o.id,
      type: o.objectType,
      x,
      y,
      meals: o.stock['meals'] ?? (o.objectType === 'fridge' ? stock.fridge_meals : 0),
      ingredients: o.stock['ingredients'] ?? o.stock['raw_ingredients'] ?? (o.objectType === 'stove' ? stock.stove_ingredients : 0),
      building: -1,
      job: -1,
    });
  });
  if (issues.length > 0) throw new InputError(issues);
  return plans;
}

function workplacesByJob(
  job: Int16Array,
  type: Uint8Array,
  workplaceCode: number,
  jobs: number,
): Int32Array[] {
  const lists: number[][] = Array.from({ length: jobs }, () => []);
  for (let row = 0; row < job.length; row++) {
    if (type[row] === workplaceCode && job[row]! >= 0 && job[row]! < jobs) lists[job[row]!]!.push(row);
  }
  return lists.map((l) => Int32Array.from(l));
}
