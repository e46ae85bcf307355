import seedrandom from 'seedrandom';
import { createGrid, type Grid, setBlocked } from './grid.js';

/** Kinds of interactive objects a layout places. */
export type ObjectKind = 'bed' | 'fridge' | 'stove' | 'shower' | 'workplace';

/** Inputs of {@link generateTownLayout}. */
export interface LayoutOptions {
  /** 'town' = procedural homes and workplaces; 'empty' = bordered grid for hand-built scenes. */
  kind: 'town' | 'empty';
  /** Population the town must house (>= 0). */
  agents: number;
  residentsPerHome: number;
  bedsPerHome: number;
  fridgesPerHome: number;
  stovesPerHome: number;
  showersPerHome: number;
  agentsPerWorkplace: number;
  /** Number of job kinds; workplaces get jobs round-robin; 0 = no workplaces. */
  jobs: number;
  /** Explicit grid size (both or neither); absent = the smallest size that fits. Required for 'empty'. */
  width?: number;
  height?: number;
  /** Seed of the layout randomness (door sides and positions, workplace spread, empty-kind spawns). */
  seed: string;
}

/** An object standing on a blocked tile; agents use it from a walkable 4-neighbour. */
export interface PlacedObject {
  kind: ObjectKind;
  x: number;
  y: number;
  /** Index into {@link TownLayout.buildings}. */
  building: number;
  /** Job index for workplaces, -1 otherwise. */
  job: number;
}

/** A walled rectangle (x, y, w, h include the walls) with one door tile in its wall. */
export interface Building {
  kind: 'home' | 'workplace';
  x: number;
  y: number;
  w: number;
  h: number;
  doorX: number;
  doorY: number;
  /** Job index for workplaces, -1 for homes. */
  job: number;
}

/** Result of {@link generateTownLayout}. */
export interface TownLayout {
  grid: Grid;
  /** Homes first (in lot order), then workplaces (in lot order). */
  buildings: Building[];
  /** Ordered by building, then by a fixed order inside the building (beds, fridges, stoves, showers). */
  objects: PlacedObject[];
  /** Building index of each agent's home; -1 for kind 'empty'. */
  homeOf: Int32Array;
  /** (x, y) pairs: a walkable start tile per agent, inside its home for kind 'town'. */
  spawnTiles: Int32Array;
  /** Building index of each agent's workplace (agent i has job i % jobs); -1 when there is none. */
  workplaceOf: Int32Array;
}

/** Invalid layout options, or a grid too small for the requested town. */
export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutError';
  }
}

/** Size used when a town has no lots and no explicit size. */
const EMPTY_TOWN_SIZE = 8;
/** Guards against typed-array allocation failures on absurd inputs. */
const MAX_AGENTS = 10_000_000;
const MAX_TILES = 1 << 30;

// Side of a building the door is in (3 = east). West/east only occur for square interiors, whose
// footprint is the same when rotated.
const NORTH = 0;
const SOUTH = 1;
const WEST = 2;

/**
 * Interior of every building: `across` tiles along the door wall, `deep` tiles away from it.
 * Objects fill the back row, then the front row (except the tile inside the door); the rows in between
 * stay floor, so every object touches floor and the floor is one connected piece.
 */
interface Shape {
  across: number;
  deep: number;
}

/**
 * Generates a deterministic town (or an empty bordered grid) for the given population.
 * Same options always give a byte-identical result.
 */
export function generateTownLayout(options: LayoutOptions): TownLayout {
  validate(options);
  return options.kind === 'empty' ? emptyLayout(options) : townLayout(options);
}

function validate(o: LayoutOptions): void {
  if (typeof o !== 'object' || o === null) {
    throw new LayoutError(`layout options: expected an object, found ${describe(o)}`);
  }
  if (o.kind !== 'town' && o.kind !== 'empty') {
    throw new LayoutError(`option kind: expected 'town' or 'empty', found ${describe(o.kind)}`);
  }
  if (typeof o.seed !== 'string') {
    throw new LayoutError(`option seed: expected a string, found ${describe(o.seed)}`);
  }
  checkInt('agents', o.agents, 0, MAX_AGENTS);
  checkInt('residentsPerHome', o.residentsPerHome, 1);
  checkInt('bedsPerHome', o.bedsPerHome, 0);
  checkInt('fridgesPerHome', o.fridgesPerHome, 0);
  checkInt('stovesPerHome', o.stovesPerHome, 0);
  checkInt('showersPerHome', o.showersPerHome, 0);
  checkInt('agentsPerWorkplace', o.agentsPerWorkplace, 1);
  checkInt('jobs', o.jobs, 0);
  const hasW = o.width !== undefined;
  const hasH = o.height !== undefined;
  if (hasW !== hasH) {
    throw new LayoutError(
      `options width/height: expected both or neither, found ${hasW ? `only width ${o.width}` : `only height ${o.height}`}`,
    );
  }
  // Empty grids need a border plus at least one interior tile.
  const minSide = o.kind === 'empty' ? 3 : 1;
  if (hasW) checkInt('width', o.width, minSide);
  if (hasH) checkInt('height', o.height, minSide);
  if (o.kind === 'empty' && !hasW) {
    throw new LayoutError('options width/height: expected explicit grid size for kind \'empty\', found none');
  }
  if (hasW && o.width! * o.height! > MAX_TILES) {
    throw new LayoutError(
      `options width/height: expected at most ${MAX_TILES} tiles, found ${o.width}x${o.height}`,
    );
  }
}

function checkInt(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new LayoutError(`option ${name}: expected an integer ${range}, found ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Bordered grid, open interior, no buildings; spawns are distinct random interior tiles while they last. */
function emptyLayout(o: LayoutOptions): TownLayout {
  const width = o.width!;
  const height = o.height!;
  const grid = createGrid(width, height);
  for (let x = 0; x < width; x++) {
    setBlocked(grid, x, 0);
    setBlocked(grid, x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    setBlocked(grid, 0, y);
    setBlocked(grid, width - 1, y);
  }
  const rng = seedrandom.alea(o.seed);
  const innerW = width - 2;
  const interior = innerW * (height - 2);
  const spawnTiles = new Int32Array(o.agents * 2);
  // Sparse Fisher-Yates: only swapped slots are stored, so cost is O(agents) whatever the grid size.
  const swapped = new Map<number, number>();
  for (let i = 0; i < o.agents; i++) {
    let tile: number;
    if (i < interior) {
      const j = i + Math.floor(rng() * (interior - i));
      tile = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
    } else {
      tile = Math.floor(rng() * interior); // more agents than tiles: sharing is unavoidable
    }
    spawnTiles[i * 2] = 1 + (tile % innerW);
    spawnTiles[i * 2 + 1] = 1 + Math.floor(tile / innerW);
  }
  return {
    grid,
    buildings: [],
    objects: [],
    homeOf: new Int32Array(o.agents).fill(-1),
    spawnTiles,
    workplaceOf: new Int32Array(o.agents).fill(-1),
  };
}

/** Smallest interior (by walled footprint, then squareness) holding the objects plus floor for the residents. */
function chooseShape(objects: number, residents: number): Shape {
  let best: Shape = { across: 0, deep: 0 };
  let bestArea = Number.POSITIVE_INFINITY;
  const needed = objects + residents; // every resident gets its own floor tile
  for (let across = 1; across <= needed + 1; across++) {
    if (objects > 2 * across - 1) continue; // back row + front row minus the door tile
    const deep = Math.max(objects > across ? 3 : 2, Math.ceil(needed / across));
    const area = (across + 2) * (deep + 2);
    const squarer = Math.abs(across - deep) < Math.abs(best.across - best.deep);
    if (area < bestArea || (area === bestArea && squarer)) {
      best = { across, deep };
      bestArea = area;
    }
  }
  return best;
}

/** Near-square lot arrangement: smallest longest side, then smallest area, then the wider one. */
function arrangeLots(lots: number, pitchX: number, pitchY: number): { cols: number; rows: number } {
  const ideal = Math.sqrt((lots * pitchY) / pitchX);
  let best = { cols: 1, rows: lots };
  let bestSide = Number.POSITIVE_INFINITY;
  let bestArea = Number.POSITIVE_INFINITY;
  // Widest first so that exact ties keep the landscape arrangement.
  for (let cols = Math.min(lots, Math.ceil(ideal) + 2); cols >= Math.max(1, Math.floor(ideal) - 2); cols--) {
    const rows = Math.ceil(lots / cols);
    const w = cols * pitchX + 1;
    const h = rows * pitchY + 1;
    const side = Math.max(w, h);
    if (side < bestSide || (side === bestSide && w * h < bestArea)) {
      best = { cols, rows };
      bestSide = side;
      bestArea = w * h;
    }
  }
  return best;
}

/** Procedural town: lots on a street lattice, homes interleaved with evenly spread workplaces. */
function townLayout(o: LayoutOptions): TownLayout {
  const agents = o.agents;
  const residents = o.residentsPerHome;
  const homes = Math.ceil(agents / residents);
  const workplaces = o.jobs > 0 ? Math.max(o.jobs, Math.ceil(agents / o.agentsPerWorkplace)) : 0;
  const lots = homes + workplaces;

  const homeKinds: ObjectKind[] = [
    ...repeat('bed', o.bedsPerHome),
    ...repeat('fridge', o.fridgesPerHome),
    ...repeat('stove', o.stovesPerHome),
    ...repeat('shower', o.showersPerHome),
  ];
  const shape = chooseShape(homeKinds.length, residents);
  const bw = shape.across + 2;
  const bh = shape.deep + 2;
  // Each lot is followed by a 1-tile street; one more street closes the far edges.
  const pitchX = bw + 1;
  const pitchY = bh + 1;

  const { cols, width, height } = fitGrid(o, lots, bw, bh, homes, workplaces);
  const grid = createGrid(width, height);
  const rng = seedrandom.alea(o.seed);

  // Workplace k sits at lot floor((k + phase) * lots / workplaces): evenly spaced, so no home is more
  // than about lots/workplaces lots from one. Integer math with a 1/1024 phase keeps it exact.
  const phase = workplaces > 0 ? Math.floor(rng() * 1024) : 0;
  const isWorkplaceLot = new Uint8Array(lots);
  for (let k = 0; k < workplaces; k++) {
    isWorkplaceLot[Math.floor(((k * 1024 + phase) * lots) / (workplaces * 1024))] = 1;
  }

  // Homes come first in both lists, so each building has a fixed slot we can fill while walking lots in
  // order: home h owns objects [h * perHome, (h + 1) * perHome), workplace k owns homes * perHome + k.
  const perHome = homeKinds.length;
  const buildings = new Array<Building>(lots);
  const objects = new Array<PlacedObject>(homes * perHome + workplaces);
  const square = shape.across === shape.deep;
  let nextHome = 0;
  let nextWork = 0;
  for (let lot = 0; lot < lots; lot++) {
    const bx = 1 + (lot % cols) * pitchX;
    const by = 1 + Math.floor(lot / cols) * pitchY;
    const side = Math.floor(rng() * (square ? 4 : 2)); // every lot faces streets on all four sides
    const doorU = Math.floor(rng() * shape.across);
    const doorX = worldX(bx + 1, side, doorU, -1, shape.deep);
    const doorY = worldY(by + 1, side, doorU, -1, shape.deep);
    buildWalls(grid, bx, by, bw, bh, doorX, doorY);
    const room: Room = { x: bx + 1, y: by + 1, side, doorU, shape };
    if (isWorkplaceLot[lot] === 1) {
      const k = nextWork++;
      const job = k % o.jobs;
      buildings[homes + k] = { kind: 'workplace', x: bx, y: by, w: bw, h: bh, doorX, doorY, job };
      // Middle of the back row: across the room from the door.
      const slot = Math.floor(shape.across / 2);
      objects[homes * perHome + k] = placeObject(grid, room, slot, 'workplace', homes + k, job);
    } else {
      const h = nextHome++;
      buildings[h] = { kind: 'home', x: bx, y: by, w: bw, h: bh, doorX, doorY, job: -1 };
      for (let s = 0; s < perHome; s++) {
        objects[h * perHome + s] = placeObject(grid, room, s, homeKinds[s]!, h, -1);
      }
    }
  }

  const homeOf = new Int32Array(agents);
  for (let i = 0; i < agents; i++) homeOf[i] = Math.floor(i / residents);
  const spawnTiles = homeSpawns(grid, buildings, homes, residents, agents, shape);
  const workplaceOf = assignWorkplaces(agents, o.jobs, homes, workplaces);
  return { grid, buildings, objects, homeOf, spawnTiles, workplaceOf };
}

function repeat(kind: ObjectKind, count: number): ObjectKind[] {
  return new Array<ObjectKind>(count).fill(kind);
}

/** Grid size and column count: the near-square minimum, or the explicit size if the town fits in it. */
function fitGrid(
  o: LayoutOptions,
  lots: number,
  bw: number,
  bh: number,
  homes: number,
  workplaces: number,
): { cols: number; width: number; height: number } {
  const pitchX = bw + 1;
  const pitchY = bh + 1;
  if (lots === 0) {
    // Nothing to place: an open field, explicit size or a small default.
    return { cols: 1, width: o.width ?? EMPTY_TOWN_SIZE, height: o.height ?? EMPTY_TOWN_SIZE };
  }
  const { cols, rows } = arrangeLots(lots, pitchX, pitchY);
  const minW = cols * pitchX + 1;
  const minH = rows * pitchY + 1;
  if (o.width === undefined || o.height === undefined) {
    if (minW * minH > MAX_TILES) {
      throw new LayoutError(`option agents: town needs a ${minW}x${minH} grid, above ${MAX_TILES} tiles`);
    }
    return { cols, width: minW, height: minH };
  }
  if (minW <= o.width && minH <= o.height) return { cols, width: o.width, height: o.height };
  // Not near-square then: the widest arrangement needs the fewest rows, so if it fails nothing fits.
  const wideCols = Math.min(lots, Math.floor((o.width - 1) / pitchX));
  if (wideCols >= 1 && Math.ceil(lots / wideCols) * pitchY + 1 <= o.height) {
    return { cols: wideCols, width: o.width, height: o.height };
  }
  throw new LayoutError(
    `options width/height: expected at least ${minW}x${minH} to fit ${homes} homes and ${workplaces} ` +
    `workplaces on ${bw}x${bh} lots, found ${o.width}x${o.height}`,
  );
}

/** Blocks the building's outline except the door tile. */
function buildWalls(
  grid: Grid,
  bx: number,
  by: number,
  bw: number,
  bh: number,
  doorX: number,
  doorY: number,
) {
  const right = bx + bw - 1;
  const bottom = by + bh - 1;
  for (let x = bx; x <= right; x++) {
    wall(grid, x, by, doorX, doorY);
    wall(grid, x, bottom, doorX, doorY);
  }
  for (let y = by + 1; y < bottom; y++) {
    wall(grid, bx, y, doorX, doorY);
    wall(grid, right, y, doorX, doorY);
  }
}

function wall(grid: Grid, x: number, y: number, doorX: number, doorY: number): void {
  if (x !== doorX || y !== doorY) setBlocked(grid, x, y);
}

// Interior-local (u along the door wall, v away from it; v = -1 is the wall) to world coordinates.
// ix, iy: the interior's top-left tile. W/E only occur for square interiors, where across === deep.
function worldX(ix: number, side: number, u: number, v: number, deep: number): number {
  if (side === NORTH || side === SOUTH) return ix + u;
  return side === WEST ? ix + v : ix + deep - 1 - v;
}

function worldY(iy: number, side: number, u: number, v: number, deep: number): number {
  if (side === NORTH) return iy + v;
  if (side === SOUTH) return iy + deep - 1 - v;
  return iy + u;
}

/** Where a building's interior is and which way it faces; lives only while its lot is built. */
interface Room {
  /** Top-left interior tile. */
  x: number;
  y: number;
  side: number;
  doorU: number;
  shape: Shape;
}

/** Blocks the tile of object slot `slot`: back row first, then the front row around the door. */
function placeObject(
  grid: Grid,
  room: Room,
  slot: number,
  kind: ObjectKind,
  building: number,
  job: number,
): PlacedObject {
  const { across, deep } = room.shape;
  let u = slot;
  let v = deep - 1;
  if (slot >= across) {
    const s = slot - across;
    u = s < room.doorU ? s : s + 1; // the tile just inside the door stays floor
    v = 0;
  }
  const x = worldX(room.x, room.side, u, v, deep);
  const y = worldY(room.y, room.side, u, v, deep);
  setBlocked(grid, x, y);
  return { kind, x, y, building, job };
}

/** Gives the residents of each home distinct floor tiles (row-major inside the home), wrapping if short. */
function homeSpawns(
  grid: Grid,
  buildings: Building[],
  homes: number,
  residents: number,
  agents: number,
  shape: Shape,
): Int32Array {
  const spawn = new Int32Array(agents * 2);
  const floor = new Int32Array(shape.across * shape.deep); // reused scratch list of one home's floor tiles
  for (let h = 0; h < homes; h++) {
    const b = buildings[h]!;
    let count = 0;
    for (let y = b.y + 1; y < b.y + b.h - 1; y++) {
      for (let x = b.x + 1; x < b.x + b.w - 1; x++) {
        if (grid.walkable[y * grid.width + x] === 1) floor[count++] = y * grid.width + x;
      }
    }
    const first = h * residents;
    const last = Math.min(agents, first + residents);
    for (let i = first; i < last; i++) {
      const tile = floor[(i - first) % count]!;
      spawn[i * 2] = tile % grid.width;
      spawn[i * 2 + 1] = Math.floor(tile / grid.width);
    }
  }
  return spawn;
}

/**
 * Agent i has job j = i % jobs and is the t-th (t = floor(i / jobs)) agent of that job. Workplaces of job j
 * are k = j, j + jobs, ...; agents get them in contiguous balanced chunks, so counts differ by at most one
 * and early (low-index, nearby) homes map to early (nearby) workplaces.
 */
function assignWorkplaces(agents: number, jobs: number, homes: number, workplaces: number): Int32Array {
  const out = new Int32Array(agents).fill(-1);
  if (jobs === 0) return out;
  for (let i = 0; i < agents; i++) {
    const j = i % jobs;
    const t = Math.floor(i / jobs);
    const agentsOfJob = Math.ceil((agents - j) / jobs);
    const placesOfJob = Math.ceil((workplaces - j) / jobs);
    const q = Math.floor((t * placesOfJob) / agentsOfJob);
    out[i] = homes + j + q * jobs;
  }
  return out;
}
